#include "bench/scenarios.h"

#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "bench/customer_data.h"
#include "libs/auth/principal_metadata.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

using Strings = std::shared_ptr<const std::vector<std::string>>;
using customer::v1::CreateCustomerRequest;
using customer::v1::Customer;
using customer::v1::CustomerService;
using customer::v1::GetCustomerRequest;

// Spreads the slots over the ids so they do not all read the same row.
constexpr size_t kSlotStride = 997;

Strings Prefixed(std::string_view prefix, const std::vector<std::string>& ids) {
  auto out = std::make_shared<std::vector<std::string>>();
  out->reserve(ids.size());
  for (const std::string& id : ids) out->push_back(crm::StrCat(prefix, id));
  return out;
}

// Every call, baselines included, carries the same signed principal, so the
// bytes on the wire differ only by request and response.
std::function<void(grpc::ClientContext&)> WithPrincipal(const std::string& principal) {
  return [principal](grpc::ClientContext& context) {
    context.AddMetadata(auth::kPrincipalMetadataKey, principal);
  };
}

// A request filler that walks `values` round robin from a slot's own offset.
template <typename Request>
std::function<void(Request&)> RoundRobin(Strings values, int slot,
                                         void (Request::*set)(const std::string&)) {
  size_t next = static_cast<size_t>(slot) * kSlotStride;
  return [values = std::move(values), next, set](Request& request) mutable {
    (request.*set)((*values)[next++ % values->size()]);
  };
}

CallFactory GetCustomer(CustomerService::Stub& stub, Strings names,
                        std::function<void(grpc::ClientContext&)> decorate) {
  return [&stub, names, decorate](int slot) -> std::unique_ptr<UnaryCall> {
    return std::make_unique<StubCall<GetCustomerRequest, Customer>>(
        [&stub](grpc::ClientContext* c, const GetCustomerRequest* q, Customer* r,
                std::function<void(grpc::Status)> done) {
          stub.async()->GetCustomer(c, q, r, std::move(done));
        },
        RoundRobin<GetCustomerRequest>(names, slot, &GetCustomerRequest::set_name), decorate);
  };
}

// Calls through the gateway carry a bearer token instead.
std::function<void(grpc::ClientContext&)> WithToken(const std::string& token) {
  return [authorization = "Bearer " + token](grpc::ClientContext& context) {
    context.AddMetadata("authorization", authorization);
  };
}

}  // namespace

std::vector<Scenario> MakeScenarios(BenchServers& servers, const std::vector<std::string>& ids,
                                    int64_t first_new, const Target& target,
                                    const Target& gateway_target) {
  const std::string& principal = servers.principal();
  v1::BenchService::Stub& bench = servers.baseline();
  const Strings raw_ids = Prefixed("", ids);
  const Strings keys = Prefixed(kCustomerCachePrefix, ids);
  const Strings names = Prefixed("customers/", ids);
  auto next_new = std::make_shared<std::atomic<int64_t>>(first_new);

  std::vector<Scenario> scenarios;
  scenarios.push_back(
      {"echo", "", std::nullopt, [&bench, principal](int) {
         return std::unique_ptr<UnaryCall>(
             std::make_unique<StubCall<v1::EchoRequest, v1::EchoResponse>>(
                 [&bench](grpc::ClientContext* c, const v1::EchoRequest* q, v1::EchoResponse* r,
                          std::function<void(grpc::Status)> done) {
                   bench.async()->Echo(c, q, r, std::move(done));
                 },
                 nullptr, WithPrincipal(principal)));
       }});
  scenarios.push_back(
      {"redis_get", "echo", std::nullopt, [&bench, keys, principal](int slot) {
         return std::unique_ptr<UnaryCall>(
             std::make_unique<StubCall<v1::RedisGetRequest, v1::RedisGetResponse>>(
                 [&bench](grpc::ClientContext* c, const v1::RedisGetRequest* q,
                          v1::RedisGetResponse* r, std::function<void(grpc::Status)> done) {
                   bench.async()->RedisGet(c, q, r, std::move(done));
                 },
                 RoundRobin<v1::RedisGetRequest>(keys, slot, &v1::RedisGetRequest::set_key),
                 WithPrincipal(principal)));
       }});
  scenarios.push_back(
      {"pg_select", "echo", std::nullopt, [&bench, raw_ids, principal](int slot) {
         return std::unique_ptr<UnaryCall>(
             std::make_unique<StubCall<v1::PgSelectRequest, v1::PgSelectResponse>>(
                 [&bench](grpc::ClientContext* c, const v1::PgSelectRequest* q,
                          v1::PgSelectResponse* r, std::function<void(grpc::Status)> done) {
                   bench.async()->PgSelect(c, q, r, std::move(done));
                 },
                 RoundRobin<v1::PgSelectRequest>(raw_ids, slot, &v1::PgSelectRequest::set_id),
                 WithPrincipal(principal)));
       }});
  scenarios.push_back({"get_customer_cached", "redis_get", target,
                       GetCustomer(servers.cached(), names, WithPrincipal(principal))});
  scenarios.push_back({"get_customer_uncached", "pg_select", target,
                       GetCustomer(servers.uncached(), names, WithPrincipal(principal))});
  // The same cached call through the gateway (token check, permission map,
  // principal signing, one more hop).
  scenarios.push_back({"get_customer_gateway", "get_customer_cached", gateway_target,
                       GetCustomer(servers.gateway(), names, WithToken(servers.token()))});
  // CreateCustomer runs where the cache is on, as in production: the write
  // also deletes the customer's cache entry after commit.
  CustomerService::Stub& writer = servers.cached();
  scenarios.push_back(
      {"create_customer", "pg_select", std::nullopt, [&writer, next_new, principal](int) {
         return std::unique_ptr<UnaryCall>(
             std::make_unique<StubCall<CreateCustomerRequest, Customer>>(
                 [&writer](grpc::ClientContext* c, const CreateCustomerRequest* q, Customer* r,
                           std::function<void(grpc::Status)> done) {
                   writer.async()->CreateCustomer(c, q, r, std::move(done));
                 },
                 [next_new](CreateCustomerRequest& request) {
                   *request.mutable_customer() = NewCustomer((*next_new)++);
                 },
                 WithPrincipal(principal)));
       }});
  return scenarios;
}

}  // namespace crm::bench
