#ifndef CRM_TOOLS_CRMCTL_CLIENT_CONTEXT_H_
#define CRM_TOOLS_CRMCTL_CLIENT_CONTEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "grpcpp/client_context.h"
#include "libs/auth/principal_signer.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/retry_policy.h"

namespace crm::crmctl {

// Makes the grpc::ClientContext of each call: a deadline of --timeout from
// now, the bearer token the gateway verifies, the signed principal that a
// service called directly (--server at its port) reads instead, and
// x-request-id when --request-id was given. One per call, as gRPC requires.
// It also carries how a call refused for now is repeated (--retries).
// The command line and the credential lookup refuse values gRPC cannot send;
// a text value that gets past them anyway is left out of the call rather
// than aborting the process (see IsLegalMetadataValue).
class ContextFactory final {
 public:
  // A non-empty `bearer_token` is sent as "authorization: Bearer ...", which
  // the gateway reads (it drops the signed principal and signs its own).
  ContextFactory(absl::Duration timeout, auth::v1::Principal principal, std::string principal_key,
                 std::string request_id, std::string bearer_token = "");

  std::unique_ptr<grpc::ClientContext> New() const;

  const auth::v1::Principal& principal() const { return principal_; }

  const RetryPolicy& retry_policy() const { return retry_policy_; }
  void set_retry_policy(RetryPolicy policy) { retry_policy_ = policy; }

 private:
  absl::Duration timeout_;
  auth::v1::Principal principal_;
  auth::PrincipalSigner signer_;
  std::string request_id_;
  std::string authorization_;
  RetryPolicy retry_policy_;
};

// True when gRPC accepts `value` in a text (non "-bin") metadata entry:
// printable ASCII, space included. gRPC aborts the whole process on any
// other byte, so every value from the command line, the environment or a
// file is checked with this (or a stricter rule) before it gets here.
bool IsLegalMetadataValue(std::string_view value);

// hq_admin for the org unit "hq", sales for any other.
std::vector<std::string> DefaultRoles(std::string_view org_unit);

// --roles when given, else DefaultRoles(--as org unit).
std::vector<std::string> RolesFor(const GlobalOptions& options);

// The principal crmctl asserts for --as USER@ORGUNIT and --roles. It is minted
// here, not by the gateway, so it only works against servers that trust the
// local key (CRM_PRINCIPAL_KEY, or the development key when unset).
auth::v1::Principal PrincipalFor(const GlobalOptions& options);

// The factory for the global options, signing with the key from the
// environment and sending `bearer_token` (see credentials.h); without one,
// $CRM_TOKEN when set.
std::unique_ptr<ContextFactory> ContextFactoryFor(const GlobalOptions& options,
                                                  std::string bearer_token);
std::unique_ptr<ContextFactory> ContextFactoryFor(const GlobalOptions& options);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CLIENT_CONTEXT_H_
