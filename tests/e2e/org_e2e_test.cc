// The seller organisation through the gateway: the admin API, who may manage
// what, and how a change reaches the next call's principal.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Reason;
using testing::StartGateway;
using testing::TestGateway;
using testing::TokenFor;
using ::testing::UnorderedElementsAre;
using testing::With;

class OrgTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("org_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    v1::OrgService::Stub& org = *servers_.gateway.org;
    testing::EnsureOrgUnit(org, "sub-east", "hq", v1::OrgUnit::SUBSIDIARY);
    testing::EnsureOrgUnit(org, "sub-west", "hq", v1::OrgUnit::SUBSIDIARY);
    testing::EnsureOrgUnit(org, "east-team", "sub-east", v1::OrgUnit::TEAM);
    testing::EnsureUser(org, "east-admin", "sub-east", {"org_admin"});
    testing::EnsureUser(org, "east-sales", "sub-east", {"sales"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override { ASSERT_NE(servers_.gateway.org, nullptr) << "the gateway did not start"; }

  static v1::OrgService::Stub& org() { return *servers_.gateway.org; }

  static v1::CreateUserRequest NewUser(const std::string& id, const std::string& org_unit,
                                       std::vector<std::string> roles) {
    v1::CreateUserRequest request;
    request.set_user_id(id);
    request.mutable_user()->set_display_name(absl::StrCat("用户 ", id));
    request.mutable_user()->set_org_unit(absl::StrCat("orgUnits/", org_unit));
    for (const std::string& role : roles) request.mutable_user()->add_roles(role);
    return request;
  }

  static grpc::Status CreateUser(const std::string& as, const v1::CreateUserRequest& request,
                                 v1::User* out) {
    return org().CreateUser(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status SetDisabled(const std::string& as, const std::string& user, bool disabled,
                                  v1::User* out) {
    v1::UpdateUserRequest request;
    request.mutable_user()->set_name(absl::StrCat("users/", user));
    request.mutable_user()->set_disabled(disabled);
    request.mutable_update_mask()->add_paths("disabled");
    return org().UpdateUser(With(TokenFor(as)).get(), request, out);
  }

  static std::string UserCount() {
    return servers_.env->QueryValue("SELECT count(*) FROM gateway.users");
  }

  static inline testing::SuiteServers servers_;
};

TEST_F(OrgTest, ANewUserCallsAtOnceWithTheOrgUnitPathAndSubtreeScope) {
  v1::User created;
  const grpc::Status status =
      CreateUser("admin", NewUser("new.east", "sub-east", {"sales"}), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.name(), "users/new.east");
  EXPECT_EQ(created.type(), v1::User::HUMAN);
  EXPECT_EQ(created.etag(), "\"1\"");

  v1::CurrentUser me;
  ASSERT_TRUE(org().GetCurrentUser(With(TokenFor("new.east")).get(), {}, &me).ok());
  EXPECT_EQ(me.org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(me.org_unit_path(), ElementsAre("orgUnits/hq", "orgUnits/sub-east"));
  EXPECT_FALSE(me.global_scope());
  // A subsidiary's users see what their subtree owns: its teams included.
  EXPECT_THAT(me.scope_org_units(),
              UnorderedElementsAre("orgUnits/sub-east", "orgUnits/east-team"));
}

TEST_F(OrgTest, ADisabledUserIsRefusedOnTheNextCallAndBackWhenEnabled) {
  testing::EnsureUser(org(), "soon.gone", "sub-west", {"viewer"});
  const std::string token = TokenFor("soon.gone");
  v1::CurrentUser me;
  ASSERT_TRUE(org().GetCurrentUser(With(token).get(), {}, &me).ok());  // the token is now cached

  v1::User out;
  ASSERT_TRUE(SetDisabled("admin", "soon.gone", true, &out).ok());
  EXPECT_TRUE(out.disabled());
  const grpc::Status refused = org().GetCurrentUser(With(token).get(), {}, &me);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(refused), "USER_DISABLED");

  ASSERT_TRUE(SetDisabled("admin", "soon.gone", false, &out).ok());
  EXPECT_TRUE(org().GetCurrentUser(With(token).get(), {}, &me).ok());
}

TEST_F(OrgTest, AnOrgAdminManagesOnlyTheirSubtreeAndCannotGrantHqRoles) {
  const std::string before = UserCount();
  v1::User out;
  const grpc::Status team =
      CreateUser("east-admin", NewUser("team.member", "east-team", {"sales"}), &out);
  ASSERT_TRUE(team.ok()) << team.error_message();
  EXPECT_EQ(out.org_unit(), "orgUnits/east-team");

  const grpc::Status west =
      CreateUser("east-admin", NewUser("west.member", "sub-west", {"sales"}), &out);
  EXPECT_EQ(west.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(west), "OUTSIDE_ORG_SUBTREE");
  EXPECT_THAT(west.error_message(), HasSubstr("orgUnits/sub-east"));

  const grpc::Status escalate =
      CreateUser("east-admin", NewUser("east.boss", "sub-east", {"hq_admin"}), &out);
  EXPECT_EQ(escalate.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(escalate), "ROLE_NOT_GRANTABLE");
  // Nor the strategy centre's role, which approves attributions across the group.
  const grpc::Status strategist =
      CreateUser("east-admin", NewUser("east.strategist", "sub-east", {"strategy"}), &out);
  EXPECT_EQ(strategist.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(strategist), "ROLE_NOT_GRANTABLE");
  EXPECT_THAT(strategist.error_message(), HasSubstr("strategy"));

  // Nor may they move their own people out of reach, or touch HQ.
  v1::UpdateUserRequest move;
  move.mutable_user()->set_name("users/team.member");
  move.mutable_user()->set_org_unit("orgUnits/sub-west");
  move.mutable_update_mask()->add_paths("org_unit");
  EXPECT_EQ(org().UpdateUser(With(TokenFor("east-admin")).get(), move, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SetDisabled("east-admin", "admin", true, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A salesperson may not manage users at all: refused by the permission map.
  const grpc::Status sales = CreateUser("east-sales", NewUser("x.y", "sub-east", {"sales"}), &out);
  EXPECT_EQ(sales.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(sales), "METHOD_NOT_ALLOWED");

  EXPECT_EQ(std::stoi(UserCount()), std::stoi(before) + 1);  // only team.member
}

// Contract approvers are roles of the seller organisation like any other: an
// org admin grants legal and finance within their subtree, and the holder
// calls with them at once; an unknown role is refused naming them.
TEST_F(OrgTest, AnOrgAdminGrantsTheLegalAndFinanceRoles) {
  v1::User out;
  const grpc::Status granted =
      CreateUser("east-admin", NewUser("east.reviewer", "sub-east", {"legal", "finance"}), &out);
  ASSERT_TRUE(granted.ok()) << granted.error_message();
  EXPECT_THAT(out.roles(), UnorderedElementsAre("legal", "finance"));

  v1::GetCurrentUserRequest who;
  v1::CurrentUser current;
  const grpc::Status asked =
      org().GetCurrentUser(With(TokenFor("east.reviewer")).get(), who, &current);
  ASSERT_TRUE(asked.ok()) << asked.error_message();
  EXPECT_THAT(current.roles(), UnorderedElementsAre("legal", "finance"));

  const grpc::Status unknown =
      CreateUser("east-admin", NewUser("east.auditor", "sub-east", {"auditor"}), &out);
  ASSERT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = status::GetFieldViolations(status::FromGrpc(unknown));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "user.roles");
  EXPECT_THAT(violations[0].description(), HasSubstr("legal, finance"));
}

TEST_F(OrgTest, BadFieldsAreEachNamedAndNothingIsWritten) {
  const std::string before = UserCount();
  v1::CreateUserRequest request = NewUser("Bad Id", "sub-east", {"sales", "superuser"});
  request.mutable_user()->set_email("not-an-address");
  request.mutable_user()->set_display_name("");
  v1::User out;
  const grpc::Status status = CreateUser("admin", request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(status::FromGrpc(status))) {
    fields.push_back(violation.field());
  }
  EXPECT_THAT(fields,
              UnorderedElementsAre("user_id", "user.display_name", "user.roles", "user.email"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("SELECT")));
  EXPECT_EQ(UserCount(), before);

  v1::CreateOrgUnitRequest unit;
  unit.set_org_unit_id("sub-2");
  unit.mutable_org_unit()->set_parent("orgUnits/sub-east");
  unit.mutable_org_unit()->set_kind(v1::OrgUnit::SUBSIDIARY);
  unit.mutable_org_unit()->set_display_name("子公司下的子公司");
  v1::OrgUnit created;
  const grpc::Status nested = org().CreateOrgUnit(With(TokenFor("admin")).get(), unit, &created);
  EXPECT_EQ(nested.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(nested.error_message(), HasSubstr("directly under HQ"));
}

// Proto3 enums are open: an unknown number reaches the service and was once
// stored as HUMAN. It is refused, naming the values the field accepts.
TEST_F(OrgTest, UnknownEnumNumbersAreRefusedNotStoredAsSomethingElse) {
  const std::string before = UserCount();
  v1::CreateUserRequest request = NewUser("enum.probe", "sub-east", {"sales"});
  request.mutable_user()->set_type(static_cast<v1::User::Type>(7));
  v1::User out;
  const grpc::Status status = CreateUser("admin", request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  const auto violations = status::GetFieldViolations(status::FromGrpc(status));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "user.type");
  EXPECT_EQ(violations[0].description(),
            "user.type: 7 is not a known Type; use one of HUMAN or SERVICE_ACCOUNT");
  EXPECT_EQ(UserCount(), before);

  // A known kind that cannot be created says so, instead of "is required".
  v1::CreateOrgUnitRequest unit;
  unit.set_org_unit_id("second-hq");
  unit.mutable_org_unit()->set_parent("orgUnits/sub-east");
  unit.mutable_org_unit()->set_kind(v1::OrgUnit::HEADQUARTERS);
  unit.mutable_org_unit()->set_display_name("第二总部");
  v1::OrgUnit created;
  const grpc::Status hq = org().CreateOrgUnit(With(TokenFor("admin")).get(), unit, &created);
  EXPECT_EQ(hq.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(hq.error_message(), Not(HasSubstr("required")));
  const auto kind = status::GetFieldViolations(status::FromGrpc(hq));
  ASSERT_EQ(kind.size(), 1u);
  EXPECT_EQ(kind[0].description(),
            "org_unit.kind: HEADQUARTERS is not accepted here; use one of SUBSIDIARY or TEAM");
}

// A 10,000-character user_id once came back whole in the error and the
// client refused the trailers (RESOURCE_EXHAUSTED).
TEST_F(OrgTest, ALongUserIdIsInvalidArgumentWithAShortError) {
  v1::User out;
  const grpc::Status status =
      CreateUser("admin", NewUser(std::string(10000, 'u'), "sub-east", {"sales"}), &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(status::FromGrpc(status))) {
    fields.push_back(violation.field());
    EXPECT_LT(violation.description().size(), 200u) << violation.field();
  }
  // The display name is "用户 " and the id, so it is too long as well.
  EXPECT_THAT(fields, UnorderedElementsAre("user_id", "user.display_name"));
}

TEST_F(OrgTest, RetriesWithARequestIdReturnTheFirstResult) {
  v1::CreateUserRequest request = NewUser("retry.me", "sub-west", {"viewer"});
  request.set_request_id("org-e2e-retry-1");
  v1::User first, second;
  ASSERT_TRUE(CreateUser("admin", request, &first).ok());
  const grpc::Status again = CreateUser("admin", request, &second);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  // Without the id the same create is a duplicate.
  request.clear_request_id();
  EXPECT_EQ(CreateUser("admin", request, &second).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

// AIP-155 on every change: a retried update or delete returns the first
// answer and changes nothing again, even after a later change.
TEST_F(OrgTest, RetriedUpdatesAndDeletesReturnTheFirstResult) {
  testing::EnsureOrgUnit(org(), "retry-team", "sub-west", v1::OrgUnit::TEAM);
  v1::UpdateOrgUnitRequest rename;
  rename.mutable_org_unit()->set_name("orgUnits/retry-team");
  rename.mutable_org_unit()->set_display_name("重试小组");
  rename.mutable_update_mask()->add_paths("display_name");
  rename.set_request_id("org-e2e-rename-1");
  v1::OrgUnit renamed, again;
  ASSERT_TRUE(org().UpdateOrgUnit(With(TokenFor("admin")).get(), rename, &renamed).ok());
  v1::UpdateOrgUnitRequest later = rename;
  later.mutable_org_unit()->set_display_name("重试小组二");
  later.set_request_id("org-e2e-rename-2");
  ASSERT_TRUE(org().UpdateOrgUnit(With(TokenFor("admin")).get(), later, &again).ok());
  ASSERT_TRUE(org().UpdateOrgUnit(With(TokenFor("admin")).get(), rename, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), renamed.SerializeAsString());
  EXPECT_EQ(servers_.env->QueryValue(
                "SELECT display_name FROM gateway.org_units WHERE id = 'retry-team'"),
            "重试小组二")
      << "the retry renamed nothing";
  // The same id for another change is refused, not replayed.
  later.set_request_id("org-e2e-rename-1");
  const grpc::Status reused = org().UpdateOrgUnit(With(TokenFor("admin")).get(), later, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");

  v1::User user;
  ASSERT_TRUE(CreateUser("admin", NewUser("retry.update", "sub-west", {"viewer"}), &user).ok());
  v1::UpdateUserRequest update;
  update.mutable_user()->set_name("users/retry.update");
  update.mutable_user()->set_display_name("重试用户");
  update.mutable_update_mask()->add_paths("display_name");
  update.set_request_id("org-e2e-update-user-1");
  v1::User updated, replayed;
  ASSERT_TRUE(org().UpdateUser(With(TokenFor("admin")).get(), update, &updated).ok());
  ASSERT_TRUE(org().UpdateUser(With(TokenFor("admin")).get(), update, &replayed).ok());
  EXPECT_EQ(replayed.etag(), updated.etag()) << "the retry did not update again";

  v1::DeleteOrgUnitRequest remove;
  remove.set_name("orgUnits/retry-team");
  remove.set_request_id("org-e2e-delete-1");
  v1::DeleteOrgUnitResponse deleted;
  ASSERT_TRUE(org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &deleted).ok());
  const grpc::Status retried = org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &deleted);
  EXPECT_TRUE(retried.ok()) << retried.error_message();
  remove.clear_request_id();
  EXPECT_EQ(org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &deleted).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A malformed id is named beside the other bad fields.
  remove.set_name("bad");
  remove.set_request_id("not an id");
  const absl::Status refused =
      status::FromGrpc(org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &deleted));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(refused)) {
    fields.push_back(violation.field());
  }
  EXPECT_THAT(fields, UnorderedElementsAre("name", "request_id"));
}

TEST_F(OrgTest, StaleEtagsAbortAndNonEmptyOrgUnitsStay) {
  v1::OrgUnit unit;
  ASSERT_TRUE(org()
                  .GetOrgUnit(
                      With(TokenFor("admin")).get(),
                      [] {
                        v1::GetOrgUnitRequest r;
                        r.set_name("orgUnits/sub-west");
                        return r;
                      }(),
                      &unit)
                  .ok());
  v1::UpdateOrgUnitRequest rename;
  *rename.mutable_org_unit() = unit;
  rename.mutable_org_unit()->set_display_name("华西子公司");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::OrgUnit renamed;
  ASSERT_TRUE(org().UpdateOrgUnit(With(TokenFor("admin")).get(), rename, &renamed).ok());
  EXPECT_EQ(renamed.display_name(), "华西子公司");
  EXPECT_NE(renamed.etag(), unit.etag());
  const grpc::Status stale = org().UpdateOrgUnit(With(TokenFor("admin")).get(), rename, &renamed);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");

  v1::DeleteOrgUnitRequest remove;
  remove.set_name("orgUnits/sub-east");
  v1::DeleteOrgUnitResponse removed;
  const grpc::Status busy = org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &removed);
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(busy), "ORG_UNIT_NOT_EMPTY");

  testing::EnsureOrgUnit(org(), "short-lived", "sub-west", v1::OrgUnit::TEAM);
  remove.set_name("orgUnits/short-lived");
  EXPECT_TRUE(org().DeleteOrgUnit(With(TokenFor("admin")).get(), remove, &removed).ok());
}

TEST_F(OrgTest, TheLastHqAdminCannotBeDisabled) {
  v1::User out;
  const grpc::Status status = SetDisabled("admin", "admin", true, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "LAST_HQ_ADMIN");
  v1::CurrentUser me;
  EXPECT_TRUE(org().GetCurrentUser(With(TokenFor("admin")).get(), {}, &me).ok());
}

TEST_F(OrgTest, OrgUnitsListRootFirstAcrossPages) {
  std::vector<std::string> names;
  std::string token;
  do {
    v1::ListOrgUnitsRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListOrgUnitsResponse page;
    const grpc::Status status =
        org().ListOrgUnits(With(TokenFor("east-sales")).get(), request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(page.org_units_size(), 2);
    for (const auto& unit : page.org_units()) names.push_back(unit.name());
    token = page.next_page_token();
  } while (!token.empty());
  ASSERT_GE(names.size(), 4u);
  EXPECT_EQ(names.front(), "orgUnits/hq");
  const auto at = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  EXPECT_LT(at("orgUnits/sub-east"), at("orgUnits/east-team"));  // parent before child
  EXPECT_LT(at("orgUnits/east-team"), static_cast<long>(names.size()));
}

TEST_F(OrgTest, EveryChangeIsAuditedAndOrgAdminsSeeTheirSubtreeOnly) {
  v1::User out;
  ASSERT_TRUE(CreateUser("admin", NewUser("audited.east", "sub-east", {"viewer"}), &out).ok());
  ASSERT_TRUE(CreateUser("admin", NewUser("audited.west", "sub-west", {"viewer"}), &out).ok());

  v1::ListAuditEntriesRequest request;
  request.set_target("users/audited.east");
  v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(org().ListAuditEntries(With(TokenFor("admin")).get(), request, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 1);
  EXPECT_EQ(entries.entries(0).actor(), "users/admin");
  EXPECT_EQ(entries.entries(0).action(), "CreateUser");
  EXPECT_EQ(entries.entries(0).before_json(), "");
  EXPECT_THAT(entries.entries(0).after_json(), HasSubstr("\"orgUnits/sub-east\""));

  request.clear_target();
  request.set_page_size(1000);
  ASSERT_TRUE(org().ListAuditEntries(With(TokenFor("east-admin")).get(), request, &entries).ok());
  std::vector<std::string> targets;
  for (const auto& entry : entries.entries()) targets.push_back(entry.target());
  EXPECT_THAT(targets, ::testing::Contains("users/audited.east"));
  EXPECT_THAT(targets, ::testing::Not(::testing::Contains("users/audited.west")));
}

}  // namespace
}  // namespace crm::gateway
