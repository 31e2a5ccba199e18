#include "services/customer/testing/customer_test_env.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/principal_signer.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/rules/uscc.h"

namespace crm::customer::testing {

absl::StatusOr<std::unique_ptr<CustomerTestEnv>> CustomerTestEnv::Start(
    std::string_view name, const std::function<void(CustomerConfig&)>& configure) {
  auto env = std::make_unique<CustomerTestEnv>();
  absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
      crm::testing::TestDatabase::Create(name);
  if (!database.ok()) return database.status();
  env->database_ = *std::move(database);
  absl::StatusOr<std::unique_ptr<crm::testing::RedisProcess>> redis =
      crm::testing::RedisProcess::Start();
  if (!redis.ok()) return redis.status();
  env->redis_ = *std::move(redis);

  CustomerConfig config;
  config.pg_dsn = env->database_->dsn();
  config.pg_pool_size = 4;
  config.redis_address = crm::StrCat("127.0.0.1:", env->redis_->port());
  config.cache_ttl = absl::Seconds(60);
  config.principal_key = kTestPrincipalKey;
  config.pii_key = "customer-test-pii-key-0123456789";
  config.page_token_key = "customer-test-page-token-key";
  config.change_feed_settle = absl::ZeroDuration();  // tests read their own writes at once
  config.trusted_source_systems = {"erp-sap"};
  if (configure) configure(config);
  absl::StatusOr<std::unique_ptr<CustomerModule>> module = CustomerModule::Create(config);
  if (!module.ok()) return module.status();
  env->module_ = *std::move(module);

  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = "crm.customer.v1.CustomerService";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(2);
  env->server_ = std::make_unique<server::GrpcServer>(options);
  env->server_->AddService(env->module_->service());
  env->server_->AddService(env->module_->operations_service());
  if (absl::Status started = env->server_->Start(); !started.ok()) return started;
  env->stub_ = v1::CustomerService::NewStub(grpc::CreateChannel(
      crm::StrCat("127.0.0.1:", env->server_->port()), grpc::InsecureChannelCredentials()));
  env->signer_ = std::make_unique<auth::PrincipalSigner>(kTestPrincipalKey);
  return env;
}

int CustomerTestEnv::port() const { return server_->port(); }

CustomerTestEnv::~CustomerTestEnv() {
  if (server_ != nullptr) server_->Shutdown();
}

std::unique_ptr<grpc::ClientContext> CustomerTestEnv::As(
    const auth::v1::Principal& principal) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auth::AttachPrincipal(*context, *signer_, principal);
  return context;
}

auth::v1::Principal CustomerTestEnv::Hq() {
  return auth::DevelopmentPrincipal("hq.admin", "hq", {"hq_admin"});
}

auth::v1::Principal CustomerTestEnv::Sales(std::string_view user, std::string_view org_unit) {
  return auth::DevelopmentPrincipal(user, org_unit, {"sales"});
}

auth::v1::Principal CustomerTestEnv::WithRoles(std::string_view user, std::string_view org_unit,
                                               std::vector<std::string> roles) {
  return auth::DevelopmentPrincipal(user, org_unit, std::move(roles));
}

std::string CustomerTestEnv::QueryValue(const std::string& sql) const {
  pqxx::connection connection(database_->dsn());
  pqxx::nontransaction tx(connection);
  const pqxx::result rows = tx.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].c_str();
}

std::string NewUscc() {
  static std::atomic<int> counter{0};
  // 9 = industry and commerce, 1 = enterprise, 310115 = Pudong; then a
  // nine-character organisation code made unique per call and per process.
  const int n = counter.fetch_add(1);
  const std::string first17 =
      crm::StrCat("91310115", absl::StrFormat("%05d%04d", getpid() % 100000, n % 10000));
  return crm::StrCat(first17, std::string(1, ExpectedCheckCharacter(first17)));
}

}  // namespace crm::customer::testing
