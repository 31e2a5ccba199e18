// Satisfaction surveys through the scoring service's gRPC API, against the
// real customer service (whose contacts the answers name), PostgreSQL and
// Redis (services/scoring/testing): validation with a violation per field,
// one answer per contact and quarter, a retry with the same request_id
// answered with the first answer, the customer's facts marked dirty and
// SURVEY_RECORDED in the same transaction, and scope with real ids in
// recording and listing (newest first, narrowed, paged).
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring {
namespace {

using ::crm::scoring::testing::EastSales;
using ::crm::scoring::testing::Hq;
using ::crm::scoring::testing::ScoringTestEnv;
using ::crm::scoring::testing::WestSales;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using Principal = auth::v1::Principal;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::string Meta(const absl::Status& status, const std::string& key) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  if (!info.has_value()) return "";
  auto it = info->metadata().find(key);
  return it == info->metadata().end() ? "" : it->second;
}

// Field → description.
std::map<std::string, std::string> Violations(const absl::Status& status) {
  std::map<std::string, std::string> out;
  for (const auto& v : status::GetFieldViolations(status)) out[v.field()] = v.description();
  return out;
}

std::string Id(const std::string& name) { return names::ParseCustomerName(name).value_or(""); }

class SurveysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_surveys");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    env_->clock().Set(
        absl::FromCivil(absl::CivilSecond(2026, 12, 1, 10, 0, 0), absl::UTCTimeZone()));
  }

  v1::ScoringService::Stub& stub() { return env_->stub(); }

  std::string Customer(const Principal& owner, const std::string& name) {
    const std::string customer = env_->NewCustomer(owner, name);
    EXPECT_TRUE(env_->SyncCustomers().ok());
    return customer;
  }

  // A contact of `customer` in the customer service; its name.
  std::string Contact(const Principal& owner, const std::string& customer,
                      const std::string& person) {
    customer::v1::CreateContactRequest request;
    request.set_parent(customer);
    request.mutable_contact()->set_display_name(person);
    request.mutable_contact()->set_title("采购总监");
    customer::v1::Contact created;
    const grpc::Status status =
        env_->customers().CreateContact(env_->As(owner).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  absl::Status Record(const Principal& as, const v1::Survey& survey, v1::Survey* out,
                      const std::string& request_id = "") {
    v1::RecordSurveyRequest request;
    *request.mutable_survey() = survey;
    request.set_request_id(request_id);
    return status::FromGrpc(stub().RecordSurvey(env_->As(as).get(), request, out));
  }
  v1::Survey MustRecord(const Principal& as, const std::string& contact, const std::string& period,
                        int score, const std::string& comment = "") {
    v1::Survey survey;
    survey.set_contact(contact);
    survey.set_period(period);
    survey.set_score(score);
    survey.set_comment(comment);
    v1::Survey recorded;
    const absl::Status status = Record(as, survey, &recorded);
    EXPECT_TRUE(status.ok()) << status;
    return recorded;
  }

  absl::Status List(const Principal& as, const v1::ListSurveysRequest& request,
                    v1::ListSurveysResponse* out) {
    return status::FromGrpc(stub().ListSurveys(env_->As(as).get(), request, out));
  }
  // Every page's answers as "score comment", newest first.
  std::vector<std::string> AllListed(const Principal& as, v1::ListSurveysRequest request) {
    std::vector<std::string> lines;
    for (int page = 0; page < 20; ++page) {
      v1::ListSurveysResponse response;
      const absl::Status status = List(as, request, &response);
      EXPECT_TRUE(status.ok()) << status;
      if (!status.ok()) break;
      for (const v1::Survey& s : response.surveys()) {
        lines.push_back(crm::StrCat(s.score(), " ", s.comment()));
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return lines;
  }

  std::unique_ptr<ScoringTestEnv> env_;
};

TEST_F(SurveysTest, AnAnswerIsRecordedMarksTheFactsDirtyAndIsPublished) {
  const std::string customer = Customer(EastSales(), "华信能源集团有限公司");
  const std::string contact = Contact(EastSales(), customer, "王经理");
  env_->Exec("DELETE FROM scoring.dirty_customers");

  const v1::Survey s = MustRecord(EastSales(), contact, "2026q4", 8, "交付及时，售后响应快");
  EXPECT_THAT(s.name(), ::testing::StartsWith("surveys/"));
  EXPECT_EQ(s.customer(), customer);
  EXPECT_EQ(s.contact(), contact);
  EXPECT_EQ(s.period(), "2026Q4");
  EXPECT_EQ(s.score(), 8);
  EXPECT_EQ(s.comment(), "交付及时，售后响应快");
  EXPECT_EQ(s.org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(s.recorded_by(), EastSales().user());
  EXPECT_EQ(TimeUtil::ToString(s.create_time()), "2026-12-01T10:00:00Z");

  const std::string id = s.name().substr(std::string("surveys/").size());
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat("SELECT score FROM scoring.surveys WHERE id = '", id, "'")),
      "8");
  // The satisfaction means are facts: the refresher fetches the customer again.
  EXPECT_EQ(env_->QueryValue(
                crm::StrCat("SELECT count(*) FROM scoring.dirty_customers WHERE customer_id = '",
                            Id(customer), "' AND mark_time = '2026-12-01 10:00:00+00'")),
            "1");
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM scoring.events WHERE type ="
                                         " 'SURVEY_RECORDED' AND resource = '",
                                         s.name(), "'")),
            "1");

  // A score of 0 and 10 are answers too; HQ may record for any customer.
  const std::string other = Contact(EastSales(), customer, "李工");
  EXPECT_EQ(MustRecord(Hq(), other, "2026Q4", 0).score(), 0);
  EXPECT_EQ(MustRecord(Hq(), other, "2026Q3", 10).org_unit(), "orgUnits/hq");
}

TEST_F(SurveysTest, EveryBadFieldIsNamedAtOnce) {
  v1::Survey survey;
  survey.set_contact("contacts/7");
  survey.set_period("2026Q5");
  survey.set_score(11);
  survey.set_comment(std::string(2001, 'x'));
  v1::Survey out;
  const absl::Status bad = Record(EastSales(), survey, &out);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Reason(bad), "INVALID_ARGUMENT");
  std::map<std::string, std::string> v = Violations(bad);
  EXPECT_EQ(v.size(), 4u);
  EXPECT_THAT(v["survey.contact"], HasSubstr("'contacts/7' is not a contact name"));
  EXPECT_THAT(v["survey.period"], HasSubstr("'2026Q5' is not a quarter like 2026Q4"));
  EXPECT_EQ(v["survey.score"], "survey.score: must be 0-10, got 11");
  EXPECT_THAT(v["survey.comment"], HasSubstr("at most 2000 characters, got 2001"));

  survey.Clear();
  survey.set_score(-1);
  std::map<std::string, std::string> empty = Violations(Record(EastSales(), survey, &out));
  EXPECT_THAT(empty["survey.contact"], HasSubstr("is required"));
  EXPECT_THAT(empty["survey.period"], HasSubstr("is required"));
  EXPECT_EQ(empty["survey.score"], "survey.score: must be 0-10, got -1");

  // The customer named beside the contact must be the contact's.
  const std::string customer = Customer(EastSales(), "华信能源集团有限公司");
  const std::string contact = Contact(EastSales(), customer, "王经理");
  survey.Clear();
  survey.set_contact(contact);
  survey.set_period("2026Q4");
  survey.set_customer("customers/00000000-0000-4000-8000-000000000001");
  EXPECT_THAT(Violations(Record(EastSales(), survey, &out)),
              ::testing::Contains(::testing::Key("survey.customer")));
}

TEST_F(SurveysTest, OneAnswerPerContactAndPeriodAndARetryGetsTheFirst) {
  const std::string customer = Customer(EastSales(), "华信能源集团有限公司");
  const std::string contact = Contact(EastSales(), customer, "王经理");
  v1::Survey survey;
  survey.set_contact(contact);
  survey.set_period("2026Q4");
  survey.set_score(7);
  v1::Survey first, retry;
  ASSERT_TRUE(Record(EastSales(), survey, &first, "survey-req-1").ok());
  env_->clock().Advance(absl::Minutes(5));
  const absl::Status replay = Record(EastSales(), survey, &retry, "survey-req-1");
  ASSERT_TRUE(replay.ok()) << replay;
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(TimeUtil::ToString(retry.create_time()), TimeUtil::ToString(first.create_time()));
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.surveys"), "1");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.events WHERE type = 'SURVEY_RECORDED'"),
            "1");

  // Another request for the same contact and quarter.
  survey.set_score(3);
  v1::Survey second;
  const absl::Status exists = Record(EastSales(), survey, &second, "survey-req-2");
  EXPECT_EQ(exists.code(), absl::StatusCode::kAlreadyExists) << exists;
  EXPECT_EQ(Reason(exists), "SURVEY_EXISTS");
  EXPECT_EQ(Meta(exists, "survey"), first.name());
  EXPECT_THAT(std::string(exists.message()), HasSubstr("answered for 2026Q4 already"));
  // The same request_id with another body is refused.
  EXPECT_EQ(Record(EastSales(), survey, &second, "survey-req-1").code(),
            absl::StatusCode::kFailedPrecondition);
  // The next quarter is a new answer.
  survey.set_period("2027Q1");
  ASSERT_TRUE(Record(EastSales(), survey, &second).ok());
  EXPECT_NE(second.name(), first.name());
}

TEST_F(SurveysTest, RecordingIsForCustomersInScopeAndTheirOwnContacts) {
  const std::string east = Customer(EastSales(), "华信能源集团有限公司");
  const std::string contact = Contact(EastSales(), east, "王经理");
  v1::Survey survey;
  survey.set_contact(contact);
  survey.set_period("2026Q4");
  survey.set_score(5);
  v1::Survey out;
  const absl::Status denied = Record(WestSales(), survey, &out);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << denied;
  EXPECT_EQ(Reason(denied), "CUSTOMER_NOT_IN_SCOPE");
  EXPECT_EQ(Meta(denied, "customer"), east);
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.surveys"), "0");

  // A contact the customer does not have.
  survey.set_contact(crm::StrCat(east, "/contacts/6f1c2a00-0000-4000-8000-000000000099"));
  const absl::Status unknown = Record(EastSales(), survey, &out);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound) << unknown;
  EXPECT_EQ(Reason(unknown), "CONTACT_NOT_FOUND");

  // A customer that does not exist: only HQ is told so.
  survey.set_contact(
      "customers/7a3c1f00-0000-4000-8000-00000000dead/contacts/"
      "6f1c2a00-0000-4000-8000-000000000099");
  EXPECT_EQ(Reason(Record(Hq(), survey, &out)), "CUSTOMER_NOT_FOUND");
  EXPECT_EQ(Reason(Record(EastSales(), survey, &out)), "CUSTOMER_NOT_IN_SCOPE");
}

TEST_F(SurveysTest, ListsAreNewestFirstNarrowedPagedAndScoped) {
  const std::string east = Customer(EastSales(), "华信能源集团有限公司");
  const std::string west = Customer(WestSales(), "西部物流有限公司");
  const std::string e1 = Contact(EastSales(), east, "王经理");
  const std::string e2 = Contact(EastSales(), east, "李工");
  const std::string w1 = Contact(WestSales(), west, "赵主任");
  MustRecord(EastSales(), e1, "2026Q3", 9, "e1-q3");
  env_->clock().Advance(absl::Minutes(1));
  MustRecord(EastSales(), e1, "2026Q4", 6, "e1-q4");
  env_->clock().Advance(absl::Minutes(1));
  MustRecord(WestSales(), w1, "2026Q4", 4, "w1-q4");
  env_->clock().Advance(absl::Minutes(1));
  MustRecord(EastSales(), e2, "2026Q4", 7, "e2-q4");

  v1::ListSurveysRequest request;
  EXPECT_THAT(AllListed(Hq(), request), ElementsAre("7 e2-q4", "4 w1-q4", "6 e1-q4", "9 e1-q3"));
  request.set_page_size(1);
  EXPECT_THAT(AllListed(Hq(), request), ElementsAre("7 e2-q4", "4 w1-q4", "6 e1-q4", "9 e1-q3"));
  request.set_page_size(0);
  // Scope: each subsidiary its own customers' answers.
  EXPECT_THAT(AllListed(EastSales(), request), ElementsAre("7 e2-q4", "6 e1-q4", "9 e1-q3"));
  EXPECT_THAT(AllListed(WestSales(), request), ElementsAre("4 w1-q4"));
  // Narrowed to a period and a customer.
  request.set_period("2026q4");
  EXPECT_THAT(AllListed(Hq(), request), ElementsAre("7 e2-q4", "4 w1-q4", "6 e1-q4"));
  request.set_customer(east);
  EXPECT_THAT(AllListed(EastSales(), request), ElementsAre("7 e2-q4", "6 e1-q4"));
  // Another's customer named: denied with its id, not an empty list.
  v1::ListSurveysResponse response;
  const absl::Status denied = List(WestSales(), request, &response);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied)
      << denied << " " << request.DebugString() << " " << response.DebugString() << " "
      << env_->QueryValue(crm::StrCat("SELECT owner_org_unit || array_to_string(account_team, ',')"
                                      " FROM scoring.replica_customers WHERE customer_id = '",
                                      Id(east), "'"));
  EXPECT_EQ(Meta(denied, "customer"), east);

  request.Clear();
  request.set_customer("east");
  request.set_period("Q4");
  request.set_page_token("garbage");
  EXPECT_THAT(Violations(List(Hq(), request, &response)),
              UnorderedElementsAre(::testing::Key("customer"), ::testing::Key("period"),
                                   ::testing::Key("page_token")));
}

}  // namespace
}  // namespace crm::scoring
