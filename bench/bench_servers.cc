#include "bench/bench_servers.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_key.h"
#include "libs/auth/principal_signer.h"
#include "libs/jwt/development_token.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

constexpr char kPiiKey[] = "crm-bench-pii-key-0123456789abcdef";
constexpr char kPageTokenKey[] = "crm-bench-page-token-key";

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel(crm::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

}  // namespace

absl::StatusOr<std::unique_ptr<BenchServers>> BenchServers::Start(const BenchConfig& config) {
  auto s = std::make_unique<BenchServers>();
  absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
      crm::testing::TestDatabase::Create("crm_bench");
  if (!database.ok()) return database.status();
  s->database_ = *std::move(database);

  // Both modules run the production code; only the Redis address differs.
  customer::CustomerConfig customer_config;
  customer_config.pg_dsn = s->database_->dsn();
  customer_config.pg_pool_size = config.pg_pool_size;
  customer_config.redis_address = config.redis_address;
  customer_config.cache_ttl = config.cache_ttl;
  customer_config.principal_key = auth::DevelopmentKey();
  customer_config.pii_key = kPiiKey;
  customer_config.page_token_key = kPageTokenKey;
  absl::StatusOr<std::unique_ptr<customer::CustomerModule>> cached =
      customer::CustomerModule::Create(customer_config);
  if (!cached.ok()) return cached.status();
  s->cached_module_ = *std::move(cached);
  customer_config.redis_address = "";
  customer_config.migrate = false;  // done by the first
  absl::StatusOr<std::unique_ptr<customer::CustomerModule>> uncached =
      customer::CustomerModule::Create(customer_config);
  if (!uncached.ok()) return uncached.status();
  s->uncached_module_ = *std::move(uncached);

  // The baselines get the same pool size and the same Redis client library.
  pg::PoolOptions pool_options;
  pool_options.dsn = s->database_->dsn();
  pool_options.size = config.pg_pool_size;
  pool_options.statements = BaselineService::Statements();
  pool_options.application_name = "crm-bench";
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::ConnectionPool::Create(std::move(pool_options));
  if (!pool.ok()) return pool.status();
  s->baseline_pool_ = *std::move(pool);
  absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(config.redis_address);
  if (!redis.ok()) return redis.status();
  s->baseline_cache_ =
      std::make_unique<cache::VersionedCache>(*redis, kCustomerCachePrefix, config.cache_ttl);
  s->baseline_service_ = std::make_unique<BaselineService>(*s->baseline_cache_, *s->baseline_pool_);

  if (absl::Status st = s->StartServer(s->baseline_service_.get(), "crm.bench.v1.BenchService",
                                       s->baseline_server_);
      !st.ok()) {
    return st;
  }
  if (absl::Status st = s->StartServer(s->cached_module_->service(),
                                       "crm.customer.v1.CustomerService", s->cached_server_);
      !st.ok()) {
    return st;
  }
  if (absl::Status st = s->StartServer(s->uncached_module_->service(),
                                       "crm.customer.v1.CustomerService", s->uncached_server_);
      !st.ok()) {
    return st;
  }
  s->baseline_stub_ = v1::BenchService::NewStub(Connect(s->baseline_server_->port()));
  s->cached_stub_ = customer::v1::CustomerService::NewStub(Connect(s->cached_server_->port()));
  s->uncached_stub_ = customer::v1::CustomerService::NewStub(Connect(s->uncached_server_->port()));
  // The gateway in front of the cached service, as production runs it.
  gateway::GatewayConfig gateway_config;
  gateway_config.backends = {
      {"crm.customer.v1.CustomerService", crm::StrCat("127.0.0.1:", s->cached_server_->port())}};
  gateway_config.hs256_secret = jwt::kDevelopmentSecret;
  gateway_config.principal_key = auth::DevelopmentKey();
  gateway_config.pg_dsn = s->database_->dsn();
  // The limiter runs on every call as in production, but never trips here.
  gateway_config.rate_limit = {.per_second = 1e9, .burst = 1e9};
  absl::StatusOr<std::unique_ptr<gateway::GatewayModule>> gateway =
      gateway::GatewayModule::Create(gateway_config);
  if (!gateway.ok()) return gateway.status();
  s->gateway_module_ = *std::move(gateway);
  server::ServerOptions gateway_options;
  gateway_options.service_name = "gateway";
  gateway_options.access_log = false;
  s->gateway_server_ = std::make_unique<server::GrpcServer>(gateway_options);
  s->gateway_server_->SetGenericService(s->gateway_module_->proxy());
  if (absl::Status st = s->gateway_server_->Start(); !st.ok()) return st;
  s->gateway_stub_ = customer::v1::CustomerService::NewStub(Connect(s->gateway_server_->port()));
  // The bootstrap administrator every organisation starts with.
  absl::StatusOr<std::string> token =
      jwt::DevelopmentToken("admin", "hq", {"hq_admin"}, absl::Hours(2));
  if (!token.ok()) return token.status();
  s->token_ = *std::move(token);

  if (config.hierarchy) {
    // Both run the production code on the same database; only the Redis
    // address differs. Reads and moves never call the customer service.
    hierarchy::HierarchyConfig hierarchy_config;
    hierarchy_config.pg_dsn = s->database_->dsn();
    hierarchy_config.pg_pool_size = config.pg_pool_size;
    hierarchy_config.redis_address = config.redis_address;
    hierarchy_config.cache_ttl = config.hierarchy_cache_ttl;
    hierarchy_config.customer_address = crm::StrCat("127.0.0.1:", s->cached_server_->port());
    hierarchy_config.principal_key = auth::DevelopmentKey();
    hierarchy_config.page_token_key = kPageTokenKey;
    absl::StatusOr<std::unique_ptr<hierarchy::HierarchyModule>> hierarchy_cached =
        hierarchy::HierarchyModule::Create(hierarchy_config);
    if (!hierarchy_cached.ok()) return hierarchy_cached.status();
    s->hierarchy_cached_module_ = *std::move(hierarchy_cached);
    hierarchy_config.redis_address = "";
    hierarchy_config.migrate = false;  // done by the first
    absl::StatusOr<std::unique_ptr<hierarchy::HierarchyModule>> hierarchy_uncached =
        hierarchy::HierarchyModule::Create(hierarchy_config);
    if (!hierarchy_uncached.ok()) return hierarchy_uncached.status();
    s->hierarchy_uncached_module_ = *std::move(hierarchy_uncached);
    for (auto [module, server] :
         {std::pair{s->hierarchy_cached_module_.get(), &s->hierarchy_cached_server_},
          std::pair{s->hierarchy_uncached_module_.get(), &s->hierarchy_uncached_server_}}) {
      if (absl::Status st =
              s->StartServer(module->service(), "crm.hierarchy.v1.HierarchyService", *server);
          !st.ok()) {
        return st;
      }
    }
    // A whole page of 10,000 nodes is ~2 MB; allow more than gRPC's 4 MB
    // default on the client side anyway.
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(64 << 20);
    for (auto [server, stub] :
         {std::pair{s->hierarchy_cached_server_.get(), &s->hierarchy_cached_stub_},
          std::pair{s->hierarchy_uncached_server_.get(), &s->hierarchy_uncached_stub_}}) {
      *stub = hierarchy::v1::HierarchyService::NewStub(grpc::CreateCustomChannel(
          crm::StrCat("127.0.0.1:", server->port()), grpc::InsecureChannelCredentials(), args));
    }
  }

  if (config.opportunity) {
    opportunity::OpportunityConfig opportunity_config;
    opportunity_config.pg_dsn = s->database_->dsn();
    opportunity_config.pg_pool_size = config.pg_pool_size;
    opportunity_config.redis_address = config.redis_address;
    opportunity_config.customer_address = crm::StrCat("127.0.0.1:", s->cached_server_->port());
    opportunity_config.principal_key = auth::DevelopmentKey();
    opportunity_config.page_token_key = kPageTokenKey;
    opportunity_config.jobs_poll = absl::ZeroDuration();
    // The pipeline part seeds the customer replica itself; following the
    // customer feed would also replay the other parts' customers into it,
    // loading the database while they are measured.
    opportunity_config.customer_follow_interval = absl::ZeroDuration();
    absl::StatusOr<std::unique_ptr<opportunity::OpportunityModule>> module =
        opportunity::OpportunityModule::Create(opportunity_config);
    if (!module.ok()) return module.status();
    s->opportunity_module_ = *std::move(module);
    if (absl::Status st =
            s->StartServer(s->opportunity_module_->service(),
                           "crm.opportunity.v1.OpportunityService", s->opportunity_server_);
        !st.ok()) {
      return st;
    }
    s->opportunity_stub_ =
        opportunity::v1::OpportunityService::NewStub(Connect(s->opportunity_server_->port()));
  }

  if (config.contract) {
    contract::ContractConfig contract_config;
    contract_config.pg_dsn = s->database_->dsn();
    contract_config.pg_pool_size = config.pg_pool_size;
    contract_config.redis_address = config.redis_address;
    contract_config.customer_address = crm::StrCat("127.0.0.1:", s->cached_server_->port());
    // No hierarchy service: group checks read the seeded group replica.
    contract_config.principal_key = auth::DevelopmentKey();
    contract_config.page_token_key = kPageTokenKey;
    contract_config.jobs_poll = absl::ZeroDuration();
    // The contracts part seeds the customer replica itself (see above).
    contract_config.customer_follow_interval = absl::ZeroDuration();
    absl::StatusOr<std::unique_ptr<contract::ContractModule>> module =
        contract::ContractModule::Create(contract_config);
    if (!module.ok()) return module.status();
    s->contract_module_ = *std::move(module);
    if (absl::Status st = s->StartServer(s->contract_module_->service(),
                                         "crm.contract.v1.ContractService", s->contract_server_);
        !st.ok()) {
      return st;
    }
    s->contract_stub_ =
        contract::v1::ContractService::NewStub(Connect(s->contract_server_->port()));
  }

  if (config.collaboration) {
    collaboration::CollaborationConfig collaboration_config;
    collaboration_config.pg_dsn = s->database_->dsn();
    collaboration_config.pg_pool_size = config.pg_pool_size;
    collaboration_config.redis_address = config.redis_address;
    collaboration_config.customer_address = crm::StrCat("127.0.0.1:", s->cached_server_->port());
    // No hierarchy, opportunity or contract address: the bench seeds the
    // replicas and the attributions itself.
    collaboration_config.principal_key = auth::DevelopmentKey();
    collaboration_config.page_token_key = kPageTokenKey;
    collaboration_config.jobs_poll = absl::ZeroDuration();
    collaboration_config.customer_follow_interval = absl::ZeroDuration();
    collaboration_config.deal_follow_interval = absl::ZeroDuration();
    absl::StatusOr<std::unique_ptr<collaboration::CollaborationModule>> module =
        collaboration::CollaborationModule::Create(collaboration_config);
    if (!module.ok()) return module.status();
    s->collaboration_module_ = *std::move(module);
    if (absl::Status st =
            s->StartServer(s->collaboration_module_->service(),
                           "crm.collaboration.v1.CollaborationService", s->collaboration_server_);
        !st.ok()) {
      return st;
    }
    s->collaboration_stub_ =
        collaboration::v1::CollaborationService::NewStub(Connect(s->collaboration_server_->port()));
  }

  s->principal_ =
      auth::PrincipalSigner(auth::DevelopmentKey())
          .Sign(auth::DevelopmentPrincipal("bench", "hq", {"hq_admin"}, absl::Hours(2)));
  return s;
}

absl::Status BenchServers::StartServer(grpc::Service* service, std::string name,
                                       std::unique_ptr<server::GrpcServer>& server) {
  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = std::move(name);
  options.access_log = false;  // one log line per call would be measured too
  server = std::make_unique<server::GrpcServer>(options);
  server->AddService(service);
  return server->Start();
}

BenchServers::~BenchServers() {
  for (auto* server : {&collaboration_server_, &contract_server_, &opportunity_server_,
                       &hierarchy_uncached_server_, &hierarchy_cached_server_, &gateway_server_,
                       &uncached_server_, &cached_server_, &baseline_server_}) {
    if (*server != nullptr) (*server)->Shutdown();
  }
}

std::optional<std::string> BenchServers::RawCacheEntry(const std::string& id) const {
  return baseline_cache_->RawGet(crm::StrCat(kCustomerCachePrefix, id));
}

}  // namespace crm::bench
