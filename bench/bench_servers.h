#ifndef CRM_BENCH_BENCH_SERVERS_H_
#define CRM_BENCH_BENCH_SERVERS_H_

// Everything under test, in this process: a fresh database, the customer
// module twice (cache on, cache off; same database, same code), and the
// baseline service, each on its own server built by the production gRPC
// bootstrap, plus a client channel to each over loopback.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/baseline_service.h"
#include "crm/bench/v1/bench_service.grpc.pb.h"
#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "libs/cache/versioned_cache.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/pg/pool.h"
#include "libs/testing/test_database.h"
#include "services/collaboration/collaboration_module.h"
#include "services/contract/contract_module.h"
#include "services/customer/customer_module.h"
#include "services/gateway/gateway_module.h"
#include "services/hierarchy/hierarchy_module.h"
#include "services/opportunity/opportunity_module.h"

namespace crm::bench {

// Where the customer module keeps customers in Redis (its key prefix); the
// raw-Redis baseline reads the very same entries.
inline constexpr char kCustomerCachePrefix[] = "crm:customer:v1:";

struct BenchConfig {
  // A fresh database is made on the server CRM_TEST_PG_DSN names and dropped
  // at the end (crm::testing::TestDatabase).
  std::string redis_address;
  int pg_pool_size = 8;
  // Longer than the run, so the warm cache stays warm.
  absl::Duration cache_ttl = absl::Hours(1);
  // Also the hierarchy module twice (subtree cache on, off), calling the
  // cached customer service.
  bool hierarchy = false;
  // The hierarchy's subtree pages are large; they need not outlive the run.
  absl::Duration hierarchy_cache_ttl = absl::Minutes(10);
  // Also the opportunity module, calling the cached customer service. Its
  // replicas follow no feed (the bench seeds both) and its job scheduler is
  // off (the hourly stale job is not what is measured).
  bool opportunity = false;
  // Also the contract module, calling the cached customer service, with
  // neither replica following a feed (the bench seeds both) and its job
  // scheduler off.
  bool contract = false;
  // Also the collaboration module, calling the cached customer service, with
  // no deal feeds followed, neither replica following a feed and its job
  // scheduler off (the SLA job would mark the seeded requests' breaches while
  // they are measured).
  bool collaboration = false;
};

class BenchServers final {
 public:
  static absl::StatusOr<std::unique_ptr<BenchServers>> Start(const BenchConfig& config);
  BenchServers() = default;
  BenchServers(const BenchServers&) = delete;
  BenchServers& operator=(const BenchServers&) = delete;
  ~BenchServers();

  v1::BenchService::Stub& baseline() { return *baseline_stub_; }
  customer::v1::CustomerService::Stub& cached() { return *cached_stub_; }
  customer::v1::CustomerService::Stub& uncached() { return *uncached_stub_; }
  // The gateway in front of the cached service; calls carry token().
  customer::v1::CustomerService::Stub& gateway() { return *gateway_stub_; }
  const std::string& token() const { return token_; }
  // The hierarchy service with its subtree cache on and off (BenchConfig::hierarchy).
  hierarchy::v1::HierarchyService::Stub& hierarchy_cached() { return *hierarchy_cached_stub_; }
  hierarchy::v1::HierarchyService::Stub& hierarchy_uncached() { return *hierarchy_uncached_stub_; }
  // The opportunity service (BenchConfig::opportunity).
  opportunity::v1::OpportunityService::Stub& opportunity() { return *opportunity_stub_; }
  // The contract service (BenchConfig::contract).
  contract::v1::ContractService::Stub& contract() { return *contract_stub_; }
  // The collaboration service and its module's pool (BenchConfig::collaboration).
  collaboration::v1::CollaborationService::Stub& collaboration() { return *collaboration_stub_; }
  pg::ConnectionPool& collaboration_pool() { return collaboration_module_->pool(); }
  // The bench's database, for raw-SQL baselines and seeding.
  const std::string& dsn() const { return database_->dsn(); }

  // A signed principal (hq_admin) for the x-crm-principal-bin metadata,
  // signed once so that no call measures signing.
  const std::string& principal() const { return principal_; }

  // The cache entry of customer `id` exactly as Redis holds it, through the
  // baseline's client; nullopt when missing.
  std::optional<std::string> RawCacheEntry(const std::string& id) const;

 private:
  absl::Status StartServer(grpc::Service* service, std::string name,
                           std::unique_ptr<server::GrpcServer>& server);

  // Members are destroyed in reverse: servers stop before what they serve,
  // the database is dropped last.
  std::unique_ptr<crm::testing::TestDatabase> database_;
  std::unique_ptr<customer::CustomerModule> cached_module_;
  std::unique_ptr<customer::CustomerModule> uncached_module_;
  std::unique_ptr<pg::ConnectionPool> baseline_pool_;
  std::unique_ptr<cache::VersionedCache> baseline_cache_;
  std::unique_ptr<BaselineService> baseline_service_;
  std::unique_ptr<server::GrpcServer> baseline_server_;
  std::unique_ptr<server::GrpcServer> cached_server_;
  std::unique_ptr<server::GrpcServer> uncached_server_;
  std::unique_ptr<gateway::GatewayModule> gateway_module_;
  std::unique_ptr<server::GrpcServer> gateway_server_;
  std::unique_ptr<hierarchy::HierarchyModule> hierarchy_cached_module_;
  std::unique_ptr<hierarchy::HierarchyModule> hierarchy_uncached_module_;
  std::unique_ptr<server::GrpcServer> hierarchy_cached_server_;
  std::unique_ptr<server::GrpcServer> hierarchy_uncached_server_;
  std::unique_ptr<hierarchy::v1::HierarchyService::Stub> hierarchy_cached_stub_;
  std::unique_ptr<hierarchy::v1::HierarchyService::Stub> hierarchy_uncached_stub_;
  std::unique_ptr<opportunity::OpportunityModule> opportunity_module_;
  std::unique_ptr<server::GrpcServer> opportunity_server_;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunity_stub_;
  std::unique_ptr<contract::ContractModule> contract_module_;
  std::unique_ptr<server::GrpcServer> contract_server_;
  std::unique_ptr<contract::v1::ContractService::Stub> contract_stub_;
  std::unique_ptr<collaboration::CollaborationModule> collaboration_module_;
  std::unique_ptr<server::GrpcServer> collaboration_server_;
  std::unique_ptr<collaboration::v1::CollaborationService::Stub> collaboration_stub_;
  std::unique_ptr<v1::BenchService::Stub> baseline_stub_;
  std::unique_ptr<customer::v1::CustomerService::Stub> cached_stub_;
  std::unique_ptr<customer::v1::CustomerService::Stub> uncached_stub_;
  std::unique_ptr<customer::v1::CustomerService::Stub> gateway_stub_;
  std::string token_;
  std::string principal_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_BENCH_SERVERS_H_
