// Runs whole crmctl command lines against an in-process fake of the gateway's
// OrgService: login, whoami and the `org` commands, what reaches the server
// and what the person sees.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "libs/jwt/development_token.h"
#include "libs/jwt/verifier.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::gateway::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::OrgUnit Unit(const std::string& id, const std::string& display_name, v1::OrgUnit::Kind kind,
                 const std::vector<std::string>& path) {
  v1::OrgUnit unit;
  unit.set_name("orgUnits/" + id);
  unit.set_display_name(display_name);
  unit.set_kind(kind);
  for (const std::string& step : path) unit.add_path("orgUnits/" + step);
  return unit;
}

// Records every request and the bearer token it came with; answers with
// canned replies.
class FakeOrgService final : public v1::OrgService::Service {
 public:
  grpc::Status GetCurrentUser(grpc::ServerContext* context, const v1::GetCurrentUserRequest*,
                              v1::CurrentUser* response) override {
    Record(*context);
    std::lock_guard lock(mutex_);
    if (refuse_tokens_) {
      return status::ToGrpc(status::Error(absl::StatusCode::kUnauthenticated, "gateway.crm",
                                          "TOKEN_EXPIRED", "the token has expired", {}));
    }
    *response = current_user_;
    return grpc::Status::OK;
  }

  grpc::Status ListOrgUnits(grpc::ServerContext* context, const v1::ListOrgUnitsRequest* request,
                            v1::ListOrgUnitsResponse* response) override {
    Record(*context);
    list_org_units_.Add(*request);
    *response->add_org_units() = Unit("hq", "集团总部", v1::OrgUnit::HEADQUARTERS, {"hq"});
    *response->add_org_units() =
        Unit("sub-east", "华东子公司", v1::OrgUnit::SUBSIDIARY, {"hq", "sub-east"});
    *response->add_org_units() =
        Unit("east-sales", "华东销售一部", v1::OrgUnit::TEAM, {"hq", "sub-east", "east-sales"});
    *response->add_org_units() =
        Unit("sub-west", "West", v1::OrgUnit::SUBSIDIARY, {"hq", "sub-west"});
    return grpc::Status::OK;
  }

  grpc::Status CreateOrgUnit(grpc::ServerContext* context, const v1::CreateOrgUnitRequest* request,
                             v1::OrgUnit* response) override {
    Record(*context);
    create_org_unit_.Add(*request);
    *response = request->org_unit();
    response->set_name("orgUnits/" + request->org_unit_id());
    return grpc::Status::OK;
  }

  grpc::Status CreateUser(grpc::ServerContext* context, const v1::CreateUserRequest* request,
                          v1::User* response) override {
    Record(*context);
    create_user_.Add(*request);
    *response = request->user();
    response->set_name("users/" + request->user_id());
    return grpc::Status::OK;
  }

  grpc::Status UpdateUser(grpc::ServerContext* context, const v1::UpdateUserRequest* request,
                          v1::User* response) override {
    Record(*context);
    update_user_.Add(*request);
    *response = request->user();
    return grpc::Status::OK;
  }

  void set_current_user(v1::CurrentUser user) {
    std::lock_guard lock(mutex_);
    current_user_ = std::move(user);
  }
  void set_refuse_tokens(bool refuse) {
    std::lock_guard lock(mutex_);
    refuse_tokens_ = refuse;
  }
  std::vector<std::string> authorizations() const { return authorizations_.all(); }
  v1::ListOrgUnitsRequest list_org_units() const { return list_org_units_.last(); }
  v1::CreateOrgUnitRequest create_org_unit() const { return create_org_unit_.last(); }
  v1::CreateUserRequest create_user() const { return create_user_.last(); }
  v1::UpdateUserRequest update_user() const { return update_user_.last(); }

 private:
  void Record(const grpc::ServerContext& context) {
    std::string authorization;
    const auto& metadata = context.client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      authorization.assign(it->second.data(), it->second.size());
    }
    authorizations_.Add(std::move(authorization));
  }

  mutable std::mutex mutex_;  // guards the two settings below
  bool refuse_tokens_ = false;
  v1::CurrentUser current_user_;
  Recorder<std::string> authorizations_;
  Recorder<v1::ListOrgUnitsRequest> list_org_units_;
  Recorder<v1::CreateOrgUnitRequest> create_org_unit_;
  Recorder<v1::CreateUserRequest> create_user_;
  Recorder<v1::UpdateUserRequest> update_user_;
};

v1::CurrentUser LiSi() {
  v1::CurrentUser user;
  user.set_user("users/li.si");
  user.set_org_unit("orgUnits/sub-east");
  user.add_org_unit_path("orgUnits/hq");
  user.add_org_unit_path("orgUnits/sub-east");
  user.add_roles("sales");
  user.add_roles("viewer");
  user.add_scope_org_units("orgUnits/sub-east");
  user.add_scope_org_units("orgUnits/east-sales");
  return user;
}

class OrgCommandsTest : public CrmctlCommandTest<FakeOrgService> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CrmctlCommandTest::SetUp());
    service_.set_current_user(LiSi());
    UseTemporaryHome();
  }

  bool TokenSaved() const { return std::filesystem::exists(defaults_.saved_token_path); }

  std::string SavedToken() const {
    std::ifstream file(defaults_.saved_token_path);
    std::string token;
    std::getline(file, token);
    return token;
  }

  std::string LastAuthorization() const {
    const std::vector<std::string> all = service_.authorizations();
    return all.empty() ? "" : all.back();
  }
};

TEST_F(OrgCommandsTest, WhoamiShowsTheCallerAsTheGatewaySeesThem) {
  ASSERT_EQ(Run({"whoami"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "user:          users/li.si\n"
            "org_unit:      orgUnits/sub-east\n"
            "org_unit_path: orgUnits/hq > orgUnits/sub-east\n"
            "roles:         sales, viewer\n"
            "scope:         orgUnits/sub-east\n"
            "               orgUnits/east-sales\n"
            "(token: a development token for admin@hq)\n");
  EXPECT_EQ(err_.str(), "");

  v1::CurrentUser hq;
  hq.set_user("users/admin");
  hq.set_org_unit("orgUnits/hq");
  hq.add_org_unit_path("orgUnits/hq");
  hq.add_roles("hq_admin");
  hq.set_global_scope(true);
  service_.set_current_user(hq);
  ASSERT_EQ(Run({"whoami"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("scope:         all customers (HQ)\n"));
}

TEST_F(OrgCommandsTest, WhoamiPrintsJson) {
  ASSERT_EQ(Run({"whoami", "-o", "json"}), kExitOk) << err_.str();
  v1::CurrentUser printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  EXPECT_EQ(printed.user(), "users/li.si");
  EXPECT_THAT(printed.org_unit_path(), ElementsAre("orgUnits/hq", "orgUnits/sub-east"));
  EXPECT_THAT(out_.str(), HasSubstr("\"scope_org_units\""));
}

TEST_F(OrgCommandsTest, WithoutALoginCallsCarryADevelopmentTokenForAs) {
  ASSERT_EQ(Run({"whoami", "--as", "wang.wu@sub-west"}), kExitOk) << err_.str();
  const std::string authorization = LastAuthorization();
  ASSERT_THAT(authorization, StartsWith("Bearer "));
  jwt::KeySet keys;
  ASSERT_TRUE(keys.AddHmacSecret(jwt::kDevelopmentKeyId, jwt::kDevelopmentSecret).ok());
  const jwt::Verifier verifier(
      std::move(keys), {.issuer = jwt::kDevelopmentIssuer, .audience = jwt::kDevelopmentAudience});
  absl::StatusOr<jwt::Claims> claims = verifier.Verify(authorization.substr(7), absl::Now());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "wang.wu");
  EXPECT_EQ(claims->extra["org_unit"], "sub-west");
  EXPECT_GE(claims->expire_time, absl::Now() + absl::Minutes(59));
}

TEST_F(OrgCommandsTest, LoginSavesTheCheckedTokenForLaterCommands) {
  ASSERT_EQ(Run({"login", "li.si@sub-east"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "logged in as users/li.si (orgUnits/sub-east; roles: sales, "
            "viewer); token saved to ~/.config/crmctl/token\n");
  ASSERT_TRUE(TokenSaved());
  struct stat info {};
  ASSERT_EQ(stat(defaults_.saved_token_path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  ASSERT_EQ(stat((home_ + "/.config/crmctl").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);
  // The token saved is the one the gateway accepted.
  const std::string token = SavedToken();
  EXPECT_EQ(LastAuthorization(), "Bearer " + token);

  ASSERT_EQ(Run({"whoami"}), kExitOk) << err_.str();
  EXPECT_EQ(LastAuthorization(), "Bearer " + token);
  EXPECT_THAT(out_.str(), HasSubstr("(token: ~/.config/crmctl/token)\n"));

  // --as no longer decides who calls through the gateway; say so.
  ASSERT_EQ(Run({"whoami", "--as", "zhao@sub-west"}), kExitOk);
  EXPECT_EQ(LastAuthorization(), "Bearer " + token);
  EXPECT_THAT(err_.str(), HasSubstr("note: --as only names the development "
                                    "principal"));

  ASSERT_EQ(Run({"logout"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "logged out: removed ~/.config/crmctl/token\n");
  EXPECT_FALSE(TokenSaved());
  ASSERT_EQ(Run({"logout"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "not logged in: there is no ~/.config/crmctl/token\n");
}

TEST_F(OrgCommandsTest, LoginSavesNothingWhenTheGatewayRefusesTheToken) {
  service_.set_refuse_tokens(true);
  ASSERT_EQ(Run({"login"}), kExitFailed);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(),
            "error: UNAUTHENTICATED: the token has expired\n"
            "  reason: TOKEN_EXPIRED (gateway.crm)\n");
  EXPECT_FALSE(TokenSaved());
  EXPECT_FALSE(std::filesystem::exists(home_ + "/.config"));

  // Nor does it replace a token saved before.
  service_.set_refuse_tokens(false);
  ASSERT_EQ(Run({"login"}), kExitOk) << err_.str();
  const std::string first = SavedToken();
  service_.set_refuse_tokens(true);
  ASSERT_EQ(Run({"login", "li.si@sub-east"}), kExitFailed);
  EXPECT_EQ(SavedToken(), first);
}

TEST_F(OrgCommandsTest, LoginTakesAnIssuedTokenFromAFileOrStdin) {
  const std::string file = home_ + "/issued";
  std::ofstream(file) << "issued.by.idp\n";
  ASSERT_EQ(Run({"login", "--token-file", file}), kExitOk) << err_.str();
  EXPECT_EQ(LastAuthorization(), "Bearer issued.by.idp");
  EXPECT_EQ(SavedToken(), "issued.by.idp");

  ASSERT_EQ(Run({"login", "--token-stdin"}, "  piped.in.token\n"), kExitOk) << err_.str();
  EXPECT_EQ(LastAuthorization(), "Bearer piped.in.token");
  EXPECT_EQ(SavedToken(), "piped.in.token");

  ASSERT_EQ(Run({"login", "--token-stdin", "li.si"}), kExitUsage);
  ASSERT_EQ(Run({"login", "--token-stdin", "--token-file", file}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("error: give --token-file or --token-stdin, "
                                    "not both"));
}

TEST_F(OrgCommandsTest, ARefusedSavedTokenSaysToLogInAgain) {
  ASSERT_EQ(Run({"login"}), kExitOk) << err_.str();
  service_.set_refuse_tokens(true);
  ASSERT_EQ(Run({"whoami"}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("  hint: sent the token saved by \"crmctl login\" "
                                    "(~/.config/crmctl/token); run \"crmctl login\" "
                                    "again\n"));
}

TEST_F(OrgCommandsTest, OrgUnitsListPrintsTheTreeInOrder) {
  ASSERT_EQ(Run({"org", "units", "list", "--parent", "hq"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "NAME            DISPLAY_NAME  KIND\n"
            "hq              集团总部      headquarters\n"
            "  sub-east      华东子公司    subsidiary\n"
            "    east-sales  华东销售一部  team\n"
            "  sub-west      West          subsidiary\n");
  EXPECT_EQ(service_.list_org_units().parent(), "orgUnits/hq");
}

TEST_F(OrgCommandsTest, OrgUnitsCreateNamesParentAndKind) {
  ASSERT_EQ(Run({"--request-id", "r-7", "org", "units", "create", "east-sales", "--parent",
                 "sub-east", "--kind", "team", "--display-name", "华东销售一部"}),
            kExitOk)
      << err_.str();
  const v1::CreateOrgUnitRequest request = service_.create_org_unit();
  EXPECT_EQ(request.org_unit_id(), "east-sales");
  EXPECT_EQ(request.org_unit().parent(), "orgUnits/sub-east");
  EXPECT_EQ(request.org_unit().kind(), v1::OrgUnit::TEAM);
  EXPECT_EQ(request.org_unit().display_name(), "华东销售一部");
  EXPECT_EQ(request.request_id(), "r-7");
}

TEST_F(OrgCommandsTest, ABadKindIsAUsageErrorThatListsTheKinds) {
  ASSERT_EQ(Run({"org", "units", "create", "x1", "--parent", "hq", "--kind", "headquarters",
                 "--display-name", "X"}),
            kExitUsage);
  EXPECT_EQ(err_.str(),
            "error: --kind: unknown value \"headquarters\"; use one of "
            "subsidiary|team\n"
            "usage: crmctl org units create ID [flags]\n"
            "Run \"crmctl org units create --help\" for its flags.\n");
  ASSERT_EQ(Run({"org", "units", "create", "x1"}), kExitUsage);
  EXPECT_THAT(err_.str(), StartsWith("error: --parent, --kind and "
                                     "--display-name are required\n"));
  EXPECT_TRUE(service_.authorizations().empty()) << "no call was made";
}

TEST_F(OrgCommandsTest, UsersCreateBuildsTheRequest) {
  ASSERT_EQ(Run({"org", "users", "create", "users/erp-sap", "--display-name", "SAP ERP",
                 "--org-unit", "hq", "--role", "integration", "--role", "viewer,sales",
                 "--service-account", "--email", "erp@example.com"}),
            kExitOk)
      << err_.str();
  const v1::CreateUserRequest request = service_.create_user();
  EXPECT_EQ(request.user_id(), "erp-sap");
  EXPECT_EQ(request.user().type(), v1::User::SERVICE_ACCOUNT);
  EXPECT_EQ(request.user().org_unit(), "orgUnits/hq");
  EXPECT_THAT(request.user().roles(), ElementsAre("integration", "viewer", "sales"));
  EXPECT_EQ(request.user().email(), "erp@example.com");
  EXPECT_THAT(out_.str(), HasSubstr("type:         service-account\n"));

  ASSERT_EQ(Run({"org", "users", "create", "li.si", "--display-name", "李四", "--org-unit",
                 "orgUnits/sub-east", "--role", "sales"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(service_.create_user().user().type(), v1::User::HUMAN);
  EXPECT_EQ(service_.create_user().user().org_unit(), "orgUnits/sub-east");

  ASSERT_EQ(Run({"org", "users", "create", "li.si", "--display-name", "李四", "--org-unit",
                 "users/li.si", "--role", "sales"}),
            kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("is not an org unit id or a name"));
  ASSERT_EQ(
      Run({"org", "users", "create", "li.si", "--display-name", "李四", "--org-unit", "sub-east"}),
      kExitUsage);
  EXPECT_THAT(err_.str(), StartsWith("error: --role is required\n"));
}

TEST_F(OrgCommandsTest, UsersUpdateMasksTheFlagsGiven) {
  ASSERT_EQ(Run({"org", "users", "update", "li.si", "--role", "sales", "--role", "service",
                 "--display-name", "李四", "--etag", "e3"}),
            kExitOk)
      << err_.str();
  const v1::UpdateUserRequest request = service_.update_user();
  EXPECT_EQ(request.user().name(), "users/li.si");
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("display_name", "roles"));
  EXPECT_THAT(request.user().roles(), ElementsAre("sales", "service"));
  EXPECT_EQ(request.user().etag(), "e3");

  ASSERT_EQ(Run({"org", "users", "update", "li.si", "--email", ""}), kExitOk);
  EXPECT_THAT(service_.update_user().update_mask().paths(), ElementsAre("email"));

  ASSERT_EQ(Run({"org", "users", "update", "li.si"}), kExitUsage);
  EXPECT_THAT(err_.str(), StartsWith("error: nothing to update"));
}

TEST_F(OrgCommandsTest, DisableAndEnableSetOnlyDisabled) {
  ASSERT_EQ(Run({"org", "users", "disable", "users/li.si", "--etag", "e4"}), kExitOk) << err_.str();
  v1::UpdateUserRequest request = service_.update_user();
  EXPECT_EQ(request.user().name(), "users/li.si");
  EXPECT_TRUE(request.user().disabled());
  EXPECT_EQ(request.user().etag(), "e4");
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("disabled"));

  ASSERT_EQ(Run({"org", "users", "enable", "li.si"}), kExitOk) << err_.str();
  request = service_.update_user();
  EXPECT_FALSE(request.user().disabled());
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("disabled"));
}

TEST_F(OrgCommandsTest, AuditTargetMustSayWhatItNames) {
  ASSERT_EQ(Run({"org", "audit", "--target", "li.si"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("is not users/{user} or orgUnits/{org_unit}"));
  EXPECT_TRUE(service_.authorizations().empty());
}

}  // namespace
}  // namespace crm::crmctl
