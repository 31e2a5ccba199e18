// The customer replica against the real customer service (in-process, on
// its own PostgreSQL database and Redis) and PostgreSQL: customers made and
// changed through the customer gRPC API reach <schema>.replica_customers
// through the feed, fetch-through stores what the feed has not brought yet,
// merges and unmerges call the service's hooks in the transaction that
// advances the cursor, a redelivered page changes nothing, and the scope
// predicate lets exactly the owner's and the account team's org units see a
// customer's rows.
#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "libs/auth/data_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/events/migrations.h"
#include "libs/pg/migrate.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/replicas/customer/customer_replica_migrations.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/free_port.h"
#include "pqxx/pqxx"
#include "services/customer/testing/customer_test_env.h"

namespace crm::replicas {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
namespace cv1 = ::crm::customer::v1;

constexpr char kSchema[] = "opportunity";
constexpr char kService[] = "services/opportunity";

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

class CustomerReplicaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("customer_replica");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    pg::PoolOptions options;
    options.dsn = env_->dsn();
    options.size = 4;
    options.statements = CustomerReplica::Statements(kSchema);
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        pg::ConnectionPool::Create(std::move(options));
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    const pg::LibraryMigrations libraries[] = {events::FollowerMigrations(),
                                               CustomerReplicaMigrations()};
    const absl::Status migrated = pg::Migrate(*pool_, kSchema, {}, libraries);
    ASSERT_TRUE(migrated.ok()) << migrated;
    // What the hooks did, with the merged customer's state as the hook's
    // transaction saw it.
    Execute(
        "CREATE TABLE opportunity.merge_log (kind text NOT NULL, customer uuid NOT NULL,"
        " survivor uuid NOT NULL, state_seen smallint)");
    replica_ = std::make_unique<CustomerReplica>(
        *pool_, CustomerChannel(env_->port()),
        auth::PrincipalSigner(customer::testing::kTestPrincipalKey),
        CustomerReplicaOptions{.schema = kSchema, .service = kService},
        CustomerReplicaHooks{.on_merge = &LogMerge, .on_unmerge = &LogUnmerge});
  }
  static void TearDownTestSuite() {
    replica_.reset();
    pool_.reset();
    env_.reset();
  }
  void SetUp() override {
    ASSERT_NE(replica_, nullptr) << "the suite did not start";
    fail_hooks_ = false;
  }

  static std::shared_ptr<grpc::Channel> CustomerChannel(int port) {
    return grpc::CreateChannel(crm::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }

  static absl::Status LogMerge(pqxx::work& tx, const CustomerMerge& merge) {
    if (fail_hooks_) return absl::InternalError("the service's own rows could not be re-pointed");
    tx.exec_params(
        "INSERT INTO opportunity.merge_log SELECT 'merge', $1::uuid, $2::uuid,"
        " (SELECT state FROM opportunity.replica_customers WHERE customer_id = $1::uuid)",
        merge.merged_customer_id, merge.survivor_id);
    return absl::OkStatus();
  }
  static absl::Status LogUnmerge(pqxx::work& tx, const CustomerUnmerge& unmerge) {
    if (fail_hooks_) return absl::InternalError("the service's own rows could not be re-pointed");
    tx.exec_params(
        "INSERT INTO opportunity.merge_log SELECT 'unmerge', $1::uuid, $2::uuid,"
        " (SELECT state FROM opportunity.replica_customers WHERE customer_id = $1::uuid)",
        unmerge.restored_id, unmerge.survivor_id);
    return absl::OkStatus();
  }

  static std::string Query(const std::string& sql) { return env_->QueryValue(sql); }
  static void Execute(const std::string& sql) { (void)env_->QueryValue(sql); }
  static std::string Row(const std::string& id, const std::string& columns) {
    return Query(crm::StrCat("SELECT ", columns, " FROM opportunity.replica_customers",
                             " WHERE customer_id = '", id, "'"));
  }
  static std::string Cursor() {
    return Query("SELECT token FROM opportunity.followed_feeds WHERE feed = 'customer'");
  }

  static void Sync() {
    const absl::StatusOr<int64_t> applied = replica_->SyncOnce();
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  // A new customer (owner: the caller's org unit), returned as created.
  static cv1::Customer NewCustomer(const std::string& legal_name,
                                   const auth::v1::Principal& as = CustomerTestEnv::Hq()) {
    cv1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("C");
    request.mutable_customer()->set_region("310115");
    cv1::Customer created;
    const grpc::Status status = env_->stub().CreateCustomer(env_->As(as).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }
  static cv1::Customer AddTeamMember(const std::string& name, const std::string& org_unit) {
    cv1::AddAccountTeamMemberRequest request;
    request.set_name(name);
    request.mutable_member()->set_org_unit(org_unit);
    request.mutable_member()->set_role("service");
    cv1::Customer changed;
    const grpc::Status status =
        env_->stub().AddAccountTeamMember(env_->As(CustomerTestEnv::Hq()).get(), request, &changed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return changed;
  }
  static cv1::Customer RemoveTeamMember(const std::string& name, const std::string& org_unit) {
    cv1::RemoveAccountTeamMemberRequest request;
    request.set_name(name);
    request.set_org_unit(org_unit);
    cv1::Customer changed;
    const grpc::Status status = env_->stub().RemoveAccountTeamMember(
        env_->As(CustomerTestEnv::Hq()).get(), request, &changed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return changed;
  }
  static cv1::Customer SetOwner(const std::string& name, const std::string& org_unit) {
    cv1::SetCustomerOwnerRequest request;
    request.set_name(name);
    request.set_owner_org_unit(org_unit);
    cv1::Customer changed;
    const grpc::Status status =
        env_->stub().SetCustomerOwner(env_->As(CustomerTestEnv::Hq()).get(), request, &changed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return changed;
  }
  static void Merge(const std::string& survivor, const std::string& merged) {
    cv1::MergeCustomersRequest request;
    request.set_survivor(survivor);
    request.add_merged(merged);
    cv1::MergeCustomersResponse response;
    const grpc::Status status =
        env_->stub().MergeCustomers(env_->As(CustomerTestEnv::Hq()).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  static void Unmerge(const std::string& merged) {
    cv1::UnmergeCustomerRequest request;
    request.set_name(merged);
    cv1::UnmergeCustomerResponse response;
    const grpc::Status status =
        env_->stub().UnmergeCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<CustomerReplica> replica_;
  static inline std::atomic<bool> fail_hooks_{false};
};

TEST_F(CustomerReplicaTest, CreatedCustomersArriveWithTheirOwnerAndAccountTeam) {
  const cv1::Customer created =
      NewCustomer("上海复制一号科技有限公司", CustomerTestEnv::Sales("li.si", "sub-east"));
  AddTeamMember(created.name(), "orgUnits/sub-west");
  const cv1::Customer teamed = AddTeamMember(created.name(), "orgUnits/sub-north");
  const std::string id = IdOf(created.name());
  ASSERT_EQ(Row(id, "count(*)"), "0");

  Sync();
  EXPECT_EQ(Row(id, "display_name"), created.display_name());
  EXPECT_EQ(Row(id, "owner_org_unit"), "orgUnits/sub-east");
  EXPECT_EQ(Row(id, "account_team::text"), "{orgUnits/sub-north,orgUnits/sub-west}");
  EXPECT_EQ(Row(id, "state"), "1");
  EXPECT_EQ(Row(id, "merged_into IS NULL"), "t");
  EXPECT_EQ(crm::StrCat("\"", Row(id, "version"), "\""), teamed.etag());
}

TEST_F(CustomerReplicaTest, ANewReplicaStartsAtTheOldestKeptChange) {
  // Customers made before a service first starts its replica are copied too.
  const cv1::Customer earlier =
      NewCustomer("上海复制先有科技有限公司", CustomerTestEnv::Sales("li.si", "sub-east"));
  pg::PoolOptions options;
  options.dsn = env_->dsn();
  options.size = 2;
  options.statements = CustomerReplica::Statements("contract");
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::ConnectionPool::Create(std::move(options));
  ASSERT_TRUE(pool.ok()) << pool.status();
  const pg::LibraryMigrations libraries[] = {events::FollowerMigrations(),
                                             CustomerReplicaMigrations()};
  const absl::Status migrated = pg::Migrate(**pool, "contract", {}, libraries);
  ASSERT_TRUE(migrated.ok()) << migrated;
  CustomerReplica contract(**pool, CustomerChannel(env_->port()),
                           auth::PrincipalSigner(customer::testing::kTestPrincipalKey),
                           {.schema = "contract", .service = "services/contract"});

  const absl::StatusOr<int64_t> applied = contract.SyncOnce();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_GE(*applied, 1);
  EXPECT_EQ(Query(crm::StrCat("SELECT owner_org_unit FROM contract.replica_customers"
                              " WHERE customer_id = '",
                              IdOf(earlier.name()), "'")),
            "orgUnits/sub-east");
  EXPECT_NE(Query("SELECT token FROM contract.followed_feeds WHERE feed = 'customer'"), "");
}

TEST_F(CustomerReplicaTest, OwnerAndAccountTeamChangesAreSynced) {
  const cv1::Customer created = NewCustomer("上海复制二号科技有限公司");
  AddTeamMember(created.name(), "orgUnits/sub-west");
  const std::string id = IdOf(created.name());
  Sync();
  ASSERT_EQ(Row(id, "account_team::text"), "{orgUnits/sub-west}");

  SetOwner(created.name(), "orgUnits/sub-south");
  RemoveTeamMember(created.name(), "orgUnits/sub-west");
  const cv1::Customer changed = AddTeamMember(created.name(), "orgUnits/sub-north");
  Sync();
  EXPECT_EQ(Row(id, "owner_org_unit"), "orgUnits/sub-south");
  EXPECT_EQ(Row(id, "account_team::text"), "{orgUnits/sub-north}");
  EXPECT_EQ(crm::StrCat("\"", Row(id, "version"), "\""), changed.etag());
}

TEST_F(CustomerReplicaTest, GetFetchesThroughACustomerTheFeedHasNotBroughtAndStoresIt) {
  Sync();
  const cv1::Customer created =
      NewCustomer("上海复制三号科技有限公司", CustomerTestEnv::Sales("li.si", "sub-east"));
  const std::string id = IdOf(created.name());
  ASSERT_EQ(Row(id, "count(*)"), "0");

  const absl::StatusOr<ReplicatedCustomer> got = replica_->Get(id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->display_name, created.display_name());
  EXPECT_EQ(got->owner_org_unit, "orgUnits/sub-east");
  EXPECT_TRUE(got->account_team.empty());
  EXPECT_EQ(got->state, CustomerState::kActive);
  EXPECT_EQ(crm::StrCat("\"", got->version, "\""), created.etag());
  EXPECT_EQ(Row(id, "owner_org_unit"), "orgUnits/sub-east");

  // Upper case is the same UUID; the stored row answers.
  const absl::StatusOr<ReplicatedCustomer> again = replica_->Get(absl::AsciiStrToUpper(id));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *got);
  // The feed's later copy of the same version changes nothing.
  Sync();
  EXPECT_EQ(Row(id, "version"), crm::StrCat(got->version));
}

TEST_F(CustomerReplicaTest, GetOfAnUnknownCustomerIsNotFoundInTheServicesDomain) {
  const std::string unknown = crypto::NewUuid();
  const absl::StatusOr<ReplicatedCustomer> got = replica_->Get(unknown);
  ASSERT_EQ(got.status().code(), absl::StatusCode::kNotFound) << got.status();
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(got.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "CUSTOMER_NOT_FOUND");
  EXPECT_EQ(info->domain(), "opportunity.crm");
  EXPECT_EQ(info->metadata().at("customer"), crm::StrCat("customers/", unknown));
  EXPECT_EQ(Row(unknown, "count(*)"), "0");

  EXPECT_EQ(replica_->Get("not-a-uuid").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CustomerReplicaTest, WithoutTheCustomerServiceStoredCustomersAnswerAndOthersAreUnavailable) {
  const cv1::Customer stored = NewCustomer("上海复制四号科技有限公司");
  Sync();
  const absl::StatusOr<int> port = crm::testing::FreeLoopbackPort();
  ASSERT_TRUE(port.ok()) << port.status();
  CustomerReplica cut_off(*pool_, CustomerChannel(*port),
                          auth::PrincipalSigner(customer::testing::kTestPrincipalKey),
                          {.schema = kSchema, .service = kService});

  const absl::StatusOr<ReplicatedCustomer> got = cut_off.Get(IdOf(stored.name()));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->display_name, stored.display_name());

  const absl::StatusOr<ReplicatedCustomer> missing = cut_off.Get(crypto::NewUuid());
  ASSERT_EQ(missing.status().code(), absl::StatusCode::kUnavailable) << missing.status();
  EXPECT_EQ(status::GetErrorInfo(missing.status())->reason(), "CUSTOMER_SERVICE_UNAVAILABLE");
  EXPECT_TRUE(status::GetRetryDelay(missing.status()).has_value());
}

TEST_F(CustomerReplicaTest, MergeMarksTheCustomerAndCallsTheHookOnceInTheCursorsTransaction) {
  const cv1::Customer survivor = NewCustomer("上海复制合并存续有限公司");
  const cv1::Customer merged = NewCustomer("上海复制合并并入有限公司");
  const std::string survivor_id = IdOf(survivor.name());
  const std::string merged_id = IdOf(merged.name());
  Sync();
  ASSERT_NO_FATAL_FAILURE(Merge(survivor.name(), merged.name()));
  const std::string logged =
      crm::StrCat("SELECT count(*) FROM opportunity.merge_log WHERE customer = '", merged_id, "'");

  // A failing hook rolls back the whole page: no hook row, no merged state,
  // no cursor move.
  const std::string before = Cursor();
  fail_hooks_ = true;
  EXPECT_FALSE(replica_->SyncOnce().ok());
  EXPECT_EQ(Query(logged), "0");
  EXPECT_EQ(Row(merged_id, "state"), "1");
  EXPECT_EQ(Cursor(), before);

  fail_hooks_ = false;
  Sync();
  EXPECT_EQ(Query(logged), "1");
  EXPECT_EQ(Query(crm::StrCat("SELECT concat_ws(' ', kind, survivor, state_seen)"
                              " FROM opportunity.merge_log WHERE customer = '",
                              merged_id, "'")),
            crm::StrCat("merge ", survivor_id, " 3"));  // after the replica's own write
  EXPECT_NE(Cursor(), before);
  EXPECT_EQ(Row(merged_id, "state"), "3");
  EXPECT_EQ(Row(merged_id, "merged_into::text"), survivor_id);
  EXPECT_EQ(Row(survivor_id, "state"), "1");

  const absl::StatusOr<ReplicatedCustomer> got = replica_->Get(merged_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->state, CustomerState::kMerged);
  EXPECT_EQ(got->merged_into, survivor_id);

  Sync();
  EXPECT_EQ(Query(logged), "1");
}

TEST_F(CustomerReplicaTest, GetOfACustomerMergedBeforeTheFeedBroughtItNamesTheSurvivor) {
  Sync();
  const cv1::Customer survivor = NewCustomer("上海复制先并存续有限公司");
  const cv1::Customer merged = NewCustomer("上海复制先并并入有限公司");
  ASSERT_NO_FATAL_FAILURE(Merge(survivor.name(), merged.name()));
  const std::string merged_id = IdOf(merged.name());

  const absl::StatusOr<ReplicatedCustomer> got = replica_->Get(merged_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->state, CustomerState::kMerged);
  EXPECT_EQ(got->merged_into, IdOf(survivor.name()));
  // Nothing else is known of it until the feed brings its MERGED change.
  EXPECT_EQ(Row(merged_id, "count(*)"), "0");
  Sync();
  EXPECT_EQ(Row(merged_id, "state"), "3");
  EXPECT_EQ(Row(merged_id, "merged_into::text"), IdOf(survivor.name()));
}

TEST_F(CustomerReplicaTest, UnmergeRestoresTheCustomerAndCallsOnUnmerge) {
  const cv1::Customer survivor = NewCustomer("上海复制拆分存续有限公司");
  const cv1::Customer merged = NewCustomer("上海复制拆分并入有限公司");
  const std::string survivor_id = IdOf(survivor.name());
  const std::string merged_id = IdOf(merged.name());
  ASSERT_NO_FATAL_FAILURE(Merge(survivor.name(), merged.name()));
  Sync();
  ASSERT_EQ(Row(merged_id, "state"), "3");

  ASSERT_NO_FATAL_FAILURE(Unmerge(merged.name()));
  Sync();
  EXPECT_EQ(Row(merged_id, "state"), "1");
  EXPECT_EQ(Row(merged_id, "merged_into IS NULL"), "t");
  EXPECT_EQ(Row(merged_id, "display_name"), merged.display_name());
  EXPECT_EQ(Query(crm::StrCat("SELECT string_agg(concat_ws(' ', kind, survivor, state_seen), ','"
                              " ORDER BY kind) FROM opportunity.merge_log WHERE customer = '",
                              merged_id, "'")),
            crm::StrCat("merge ", survivor_id, " 3,unmerge ", survivor_id, " 1"));
}

TEST_F(CustomerReplicaTest, APageDeliveredAgainIsAppliedOnce) {
  const cv1::Customer survivor = NewCustomer("上海复制重放存续有限公司");
  const cv1::Customer merged = NewCustomer("上海复制重放并入有限公司");
  ASSERT_NO_FATAL_FAILURE(Merge(survivor.name(), merged.name()));
  Sync();
  const std::string hooks_called = Query("SELECT count(*) FROM opportunity.merge_log");
  const std::string rows = Query(
      "SELECT string_agg(concat_ws(' ', customer_id, state, version, update_time), ','"
      " ORDER BY customer_id) FROM opportunity.replica_customers");

  // Back to the start: every page of the feed comes again.
  Execute("UPDATE opportunity.followed_feeds SET token = '' WHERE feed = 'customer'");
  const absl::StatusOr<int64_t> applied = replica_->SyncOnce();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 0);
  EXPECT_EQ(Query("SELECT count(*) FROM opportunity.merge_log"), hooks_called);
  EXPECT_EQ(Query("SELECT string_agg(concat_ws(' ', customer_id, state, version, update_time), ','"
                  " ORDER BY customer_id) FROM opportunity.replica_customers"),
            rows);
}

TEST_F(CustomerReplicaTest, ScopePredicateLetsTheOwnerAndTheAccountTeamSeeTheCustomersRows) {
  const cv1::Customer customer =
      NewCustomer("上海复制范围科技有限公司", CustomerTestEnv::Sales("li.si", "sub-east"));
  AddTeamMember(customer.name(), "orgUnits/sub-west");
  Sync();
  Execute("CREATE TABLE IF NOT EXISTS opportunity.deals (id int PRIMARY KEY, customer_id uuid)");
  Execute(crm::StrCat("INSERT INTO opportunity.deals VALUES (1, '", IdOf(customer.name()),
                      "'), (2, '", crypto::NewUuid(), "')"));
  const std::string sql =
      crm::StrCat("SELECT count(*) FROM opportunity.deals d WHERE d.id = $1 AND ",
                  CustomerInScopeSql(kSchema, "d.customer_id", 2, 3));
  const auto sees = [&](const auth::v1::Principal& principal, int deal) {
    const CustomerScopeParams params = ScopeParamsOf(auth::ScopeOf(principal));
    pqxx::connection connection(env_->dsn());
    pqxx::nontransaction tx(connection);
    return tx.exec_params1(sql, deal, params.all, params.org_units)[0].as<int>() == 1;
  };

  EXPECT_TRUE(sees(CustomerTestEnv::Sales("wang.wu", "sub-west"), 1));  // account team
  EXPECT_TRUE(sees(CustomerTestEnv::Sales("li.si", "sub-east"), 1));    // owner
  EXPECT_FALSE(sees(CustomerTestEnv::Sales("zhao.liu", "sub-north"), 1));
  EXPECT_TRUE(sees(CustomerTestEnv::Hq(), 1));
  // A row whose customer is not in the replica: HQ only.
  EXPECT_FALSE(sees(CustomerTestEnv::Sales("li.si", "sub-east"), 2));
  EXPECT_TRUE(sees(CustomerTestEnv::Hq(), 2));
}

}  // namespace
}  // namespace crm::replicas
