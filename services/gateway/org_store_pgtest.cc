// OrgStore against real PostgreSQL, below the gRPC edge: paths and audit
// entries of each change, the reach of org admins checked on the locked rows,
// the refusals that must leave the organisation as it was, and replays by
// request id. Each test makes org units and users of its own.
#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/request_log.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/migrate.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/gateway/org_store.h"

namespace crm {
extern const EmbeddedFile kGatewayMigrations[];
extern const int kGatewayMigrations_count;
}  // namespace crm

namespace crm::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kSchema[] = "gateway";

class OrgStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create("org_store");
    ASSERT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    database_ = *std::move(database);
    request_log_ = std::make_unique<idempotency::RequestLog>(kSchema);
    std::vector<pg::PreparedStatement> statements = OrgStore::Statements();
    for (const auto& s : request_log_->statements()) statements.push_back(s);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 2;
    options.statements = std::move(statements);
    const pg::LibraryMigrations libraries[] = {idempotency::RequestLogMigrations()};
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = pg::OpenServiceDatabase(
        std::move(options), kSchema,
        absl::MakeConstSpan(kGatewayMigrations, kGatewayMigrations_count), libraries,
        /*migrate=*/true);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    store_ = std::make_unique<OrgStore>(*pool_, *request_log_);
  }
  static void TearDownTestSuite() {
    store_.reset();
    pool_.reset();
    request_log_.reset();
    database_.reset();
  }
  void SetUp() override { ASSERT_NE(store_, nullptr) << "the store did not start"; }

  static Actor As(std::string_view user, std::string_view org_unit,
                  std::vector<std::string> roles) {
    return Actor{.principal = auth::DevelopmentPrincipal(user, org_unit, std::move(roles)),
                 .method = "Test",
                 .request_id = "test"};
  }
  static Actor HqAdmin() { return As("admin", "hq", {"hq_admin"}); }
  static Actor OrgAdminOf(std::string_view org_unit) {
    return As(crm::StrCat(org_unit, ".admin"), org_unit, {"org_admin"});
  }

  // An id no other test uses, e.g. "sub-7".
  static std::string NewId(std::string_view prefix) {
    static std::atomic<int> counter{0};
    return crm::StrCat(prefix, "-", ++counter);
  }

  static std::string OrgUnit(const std::string& parent, v1::OrgUnit::Kind kind,
                             const Actor& actor = HqAdmin()) {
    const std::string id = NewId(kind == v1::OrgUnit::SUBSIDIARY ? "sub" : "team");
    v1::OrgUnit values;
    values.set_kind(kind);
    values.set_display_name(crm::StrCat("Unit ", id));
    absl::StatusOr<v1::OrgUnit> created = store_->CreateOrgUnit(actor, parent, id, values);
    EXPECT_TRUE(created.ok()) << created.status();
    return id;
  }

  static v1::User UserValues(const std::string& org_unit, std::vector<std::string> roles) {
    v1::User values;
    values.set_display_name("张三");
    values.set_org_unit(crm::StrCat("orgUnits/", org_unit));
    for (std::string& role : roles) values.add_roles(std::move(role));
    return values;
  }

  static std::string User(const std::string& org_unit, std::vector<std::string> roles = {"sales"}) {
    const std::string id = NewId("user");
    absl::StatusOr<v1::User> created =
        store_->CreateUser(HqAdmin(), id, UserValues(org_unit, std::move(roles)));
    EXPECT_TRUE(created.ok()) << created.status();
    return id;
  }

  static std::string Reason(const absl::Status& status) {
    std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
    return info.has_value() ? info->reason() : "";
  }

  static size_t AuditCount(const std::string& target) {
    absl::StatusOr<std::vector<AuditRow>> rows = store_->ListAudit(target, "", 0, 100);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? rows->size() : 0;
  }

  static inline std::unique_ptr<crm::testing::TestDatabase> database_;
  static inline std::unique_ptr<idempotency::RequestLog> request_log_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<OrgStore> store_;
};

TEST_F(OrgStoreTest, AnOrgUnitHasItsPathFromTheRootAndOneAuditEntry) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string team = OrgUnit(sub, v1::OrgUnit::TEAM);

  absl::StatusOr<StoredOrgUnit> stored = store_->GetOrgUnit(team);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_THAT(stored->path, ElementsAre("hq", sub, team));
  EXPECT_EQ(stored->org_unit.parent(), crm::StrCat("orgUnits/", sub));
  absl::StatusOr<std::vector<AuditRow>> audit =
      store_->ListAudit(crm::StrCat("orgUnits/", team), "", 0, 10);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().entry.actor(), "users/admin");
  EXPECT_EQ(audit->front().entry.before_json(), "");
  EXPECT_EQ(audit->front().entry.request_id(), "test");
}

TEST_F(OrgStoreTest, AnOrgAdminReachesOnlyItsOwnSubtree) {
  const std::string east = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string west = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const Actor east_admin = OrgAdminOf(east);

  OrgUnit(east, v1::OrgUnit::TEAM, east_admin);  // its own subtree
  v1::OrgUnit values;
  values.set_kind(v1::OrgUnit::TEAM);
  values.set_display_name("Intruders");
  const absl::StatusOr<v1::OrgUnit> outside =
      store_->CreateOrgUnit(east_admin, west, "team-in-west", values);
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kPermissionDenied) << outside.status();
  EXPECT_EQ(Reason(outside.status()), "OUTSIDE_ORG_SUBTREE");
  EXPECT_EQ(store_->GetOrgUnit("team-in-west").status().code(), absl::StatusCode::kNotFound);

  const std::string west_user = User(west);
  UserChange rename{.display_name = "李四"};
  const absl::StatusOr<v1::User> renamed =
      store_->UpdateUser(east_admin, west_user, rename, std::nullopt);
  EXPECT_EQ(renamed.status().code(), absl::StatusCode::kPermissionDenied) << renamed.status();
  absl::StatusOr<StoredUser> unchanged = store_->GetUser(west_user);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->user.display_name(), "张三");
}

TEST_F(OrgStoreTest, AnOrgAdminCannotGrantHqAdmin) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const absl::StatusOr<v1::User> created =
      store_->CreateUser(OrgAdminOf(sub), "would-be-admin", UserValues(sub, {"hq_admin"}));
  EXPECT_EQ(created.status().code(), absl::StatusCode::kPermissionDenied) << created.status();
  EXPECT_EQ(Reason(created.status()), "ROLE_NOT_GRANTABLE");
  EXPECT_EQ(store_->GetUser("would-be-admin").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(OrgStoreTest, OnlyAnHqAdminGrantsTheStrategyRole) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const absl::StatusOr<v1::User> created =
      store_->CreateUser(OrgAdminOf(sub), "would-be-strategist", UserValues(sub, {"strategy"}));
  EXPECT_EQ(created.status().code(), absl::StatusCode::kPermissionDenied) << created.status();
  EXPECT_EQ(Reason(created.status()), "ROLE_NOT_GRANTABLE");
  EXPECT_EQ(store_->GetUser("would-be-strategist").status().code(), absl::StatusCode::kNotFound);

  // Nor may an org admin add it to one of their own people.
  const std::string seller = User(sub);
  UserChange promote{.roles = std::vector<std::string>{"sales", "strategy"}};
  const absl::StatusOr<v1::User> promoted =
      store_->UpdateUser(OrgAdminOf(sub), seller, promote, std::nullopt);
  EXPECT_EQ(promoted.status().code(), absl::StatusCode::kPermissionDenied) << promoted.status();
  EXPECT_EQ(Reason(promoted.status()), "ROLE_NOT_GRANTABLE");
  absl::StatusOr<StoredUser> unchanged = store_->GetUser(seller);
  ASSERT_TRUE(unchanged.ok()) << unchanged.status();
  EXPECT_THAT(unchanged->user.roles(), ElementsAre("sales"));

  // HQ's administrators staff the strategy centre.
  const absl::StatusOr<v1::User> strategist =
      store_->CreateUser(HqAdmin(), NewId("strategist"), UserValues("hq", {"strategy"}));
  ASSERT_TRUE(strategist.ok()) << strategist.status();
  EXPECT_THAT(strategist->roles(), ElementsAre("strategy"));
}

TEST_F(OrgStoreTest, ATeamHasNoSubsidiaryBelowIt) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string team = OrgUnit(sub, v1::OrgUnit::TEAM);
  v1::OrgUnit values;
  values.set_kind(v1::OrgUnit::SUBSIDIARY);
  values.set_display_name("Misplaced");
  const absl::StatusOr<v1::OrgUnit> created =
      store_->CreateOrgUnit(HqAdmin(), team, "misplaced", values);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
  const auto violations = status::GetFieldViolations(created.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "org_unit.kind");
}

TEST_F(OrgStoreTest, AnOrgUnitWithUsersIsNotDeleted) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string team = OrgUnit(sub, v1::OrgUnit::TEAM);
  const std::string user = User(team);

  const absl::Status refused = store_->DeleteOrgUnit(HqAdmin(), team, std::nullopt);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_EQ(Reason(refused), "ORG_UNIT_NOT_EMPTY");
  ASSERT_TRUE(store_->GetOrgUnit(team).ok());

  UserChange move{.org_unit_id = sub};
  ASSERT_TRUE(store_->UpdateUser(HqAdmin(), user, move, std::nullopt).ok());
  ASSERT_TRUE(store_->DeleteOrgUnit(HqAdmin(), team, std::nullopt).ok());
  EXPECT_EQ(store_->GetOrgUnit(team).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<StoredUser> moved = store_->GetUser(user);
  ASSERT_TRUE(moved.ok());
  EXPECT_THAT(moved->org_unit_path, ElementsAre("hq", sub));
}

TEST_F(OrgStoreTest, ARenameWithAStaleEtagChangesNothing) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  absl::StatusOr<StoredOrgUnit> read = store_->GetOrgUnit(sub);
  ASSERT_TRUE(read.ok());
  const int64_t version = ParseEtag(read->org_unit.etag()).value_or(0);
  ASSERT_GT(version, 0);

  const absl::StatusOr<v1::OrgUnit> stale =
      store_->RenameOrgUnit(HqAdmin(), sub, "Renamed", version + 1);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  absl::StatusOr<v1::OrgUnit> renamed = store_->RenameOrgUnit(HqAdmin(), sub, "Renamed", version);
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(renamed->display_name(), "Renamed");
  EXPECT_EQ(ParseEtag(renamed->etag()), version + 1);
  EXPECT_EQ(AuditCount(crm::StrCat("orgUnits/", sub)), 2u);  // created, renamed
}

TEST_F(OrgStoreTest, TheLastEnabledHqAdminStays) {
  const std::string second = User("hq", {"hq_admin"});
  UserChange disable{.disabled = true};
  UserChange enable{.disabled = false};
  ASSERT_TRUE(store_->UpdateUser(HqAdmin(), "admin", disable, std::nullopt).ok());

  const absl::StatusOr<v1::User> last =
      store_->UpdateUser(HqAdmin(), second, disable, std::nullopt);
  EXPECT_EQ(last.status().code(), absl::StatusCode::kFailedPrecondition) << last.status();
  EXPECT_EQ(Reason(last.status()), "LAST_HQ_ADMIN");
  absl::StatusOr<StoredUser> still = store_->GetUser(second);
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(still->user.disabled());

  ASSERT_TRUE(store_->UpdateUser(HqAdmin(), "admin", enable, std::nullopt).ok());
}

TEST_F(OrgStoreTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const std::string sub = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string id = NewId("user");
  Actor actor = HqAdmin();
  v1::CreateUserRequest request;  // what the key's hash stands for
  request.set_user_id(id);
  request.set_request_id("create-once");
  actor.idempotency = idempotency::RequestKey{"create-once", "CreateUser", "users/admin",
                                              idempotency::RequestHash(request)};

  absl::StatusOr<v1::User> first = store_->CreateUser(actor, id, UserValues(sub, {"sales"}));
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::User> retry = store_->CreateUser(actor, id, UserValues(sub, {"sales"}));
  ASSERT_TRUE(retry.ok()) << retry.status();  // not USER_EXISTS
  EXPECT_EQ(retry->name(), first->name());
  EXPECT_EQ(retry->etag(), first->etag());
  EXPECT_EQ(AuditCount(crm::StrCat("users/", id)), 1u);
}

TEST_F(OrgStoreTest, ListUsersKeepsToTheSubtree) {
  const std::string east = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string east_team = OrgUnit(east, v1::OrgUnit::TEAM);
  const std::string west = OrgUnit("hq", v1::OrgUnit::SUBSIDIARY);
  const std::string in_east = User(east);
  const std::string in_team = User(east_team);
  User(west);

  absl::StatusOr<std::vector<StoredUser>> users = store_->ListUsers(east, "", 100);
  ASSERT_TRUE(users.ok()) << users.status();
  std::vector<std::string> ids;
  for (const StoredUser& user : *users) ids.push_back(user.user.name());
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> expected = {crm::StrCat("users/", in_east),
                                       crm::StrCat("users/", in_team)};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  absl::StatusOr<std::vector<StoredUser>> none = store_->ListUsers("no-such-unit", "", 100);
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, IsEmpty());
}

}  // namespace
}  // namespace crm::gateway
