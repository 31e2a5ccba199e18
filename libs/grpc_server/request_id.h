#ifndef CRM_LIBS_GRPC_SERVER_REQUEST_ID_H_
#define CRM_LIBS_GRPC_SERVER_REQUEST_ID_H_

// Every call served by GrpcServer carries exactly one request id, which ties
// together the access log, the handler's own log lines and the caller's logs.
//
// The server's interceptor resolves it before the handler runs: the caller's
// "x-request-id" when it is a sane token (1-128 of [A-Za-z0-9._-]), otherwise
// a fresh one (32 random hex digits). It then leaves exactly that one value
// under "x-request-id" in the call's client metadata, so a handler reads it
// with RequestId(context) (or client_metadata() directly), and it sends the id
// back in the trailing metadata "x-request-id".

#include <array>
#include <cstddef>
#include <map>
#include <string_view>

#include "grpcpp/server_context.h"
#include "grpcpp/support/string_ref.h"

namespace crm::server {

inline constexpr std::string_view kRequestIdKey = "x-request-id";
inline constexpr size_t kMaxRequestIdLength = 128;
inline constexpr size_t kGeneratedRequestIdLength = 32;

// Fixed-size storage, so generating an id allocates nothing.
using GeneratedRequestId = std::array<char, kGeneratedRequestIdLength>;

// True for 1-128 characters of [A-Za-z0-9._-]: safe to log and to echo back.
bool IsValidRequestId(std::string_view id);

// 16 random bytes as lowercase hex, from a per-thread generator (no locks).
GeneratedRequestId NewRequestId();

// The call's request id as resolved by GrpcServer's interceptor; empty when
// the server runs without it. Valid while the call's context lives.
std::string_view RequestId(const grpc::ServerContextBase& context);

// The interceptor's step, exposed for tests: picks the first valid
// "x-request-id" in `metadata` or generates one into `storage`, and leaves
// exactly that value under the key. The returned view points into the call's
// metadata or into `storage`, which must outlive the metadata's use.
std::string_view ResolveRequestId(std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
                                  GeneratedRequestId& storage);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_REQUEST_ID_H_
