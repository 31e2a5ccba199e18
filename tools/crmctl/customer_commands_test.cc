// Runs `crmctl customer duplicates` and `crmctl customer create` against an
// in-process fake of the customer service: what reaches the server, what the
// person sees on stdout and stderr, the exit codes.

#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::DuplicateMatch Match(const std::string& id, const std::string& legal_name,
                         const std::string& uscc, const std::string& owner, double score,
                         std::vector<v1::DuplicateMatch::Reason> reasons) {
  v1::DuplicateMatch match;
  match.set_customer("customers/" + id);
  match.set_display_name(legal_name);
  match.set_legal_name(legal_name);
  match.set_uscc(uscc);
  match.set_owner_org_unit("orgUnits/" + owner);
  match.set_score(score);
  for (const auto reason : reasons) match.add_reasons(reason);
  match.set_relation(reasons.back() == v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY
                         ? v1::DuplicateMatch::HEAD_OFFICE
                         : v1::DuplicateMatch::DUPLICATE);
  return match;
}

class FakeCustomerService final : public v1::CustomerService::Service {
 public:
  // Nothing matches "customers/lonely"; anything else has two matches.
  grpc::Status SearchDuplicates(grpc::ServerContext*, const v1::SearchDuplicatesRequest* request,
                                v1::SearchDuplicatesResponse* response) override {
    searches_.Add(*request);
    if (request->name() == "customers/lonely") return grpc::Status::OK;
    *response->add_matches() =
        Match("c1", "上海华信能源集团有限公司", "91310000MA1FL1XX1X", "sub-east", 0.956,
              {v1::DuplicateMatch::SAME_TRADE_NAME, v1::DuplicateMatch::SHARED_CONTACT});
    *response->add_matches() = Match("c22", "上海华鑫能源有限公司", "", "sub-north", 0.8,
                                     {v1::DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION});
    *response->add_matches() =
        Match("c3", "上海华信能源有限公司", "", "sub-east", 0.6,
              {v1::DuplicateMatch::SHORT_FORM, v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY});
    return grpc::Status::OK;
  }

  // Names two possible duplicates for a legal name with 华信 in it, none for
  // any other.
  grpc::Status CreateCustomer(grpc::ServerContext*, const v1::CreateCustomerRequest* request,
                              v1::Customer* response) override {
    *response = request->customer();
    response->set_name("customers/c-new");
    response->set_state(v1::Customer::ACTIVE);
    if (request->customer().legal_name().find("华信") != std::string::npos) {
      response->add_possible_duplicates("customers/c1");
      response->add_possible_duplicates("customers/c22");
    }
    return grpc::Status::OK;
  }

  std::vector<v1::SearchDuplicatesRequest> searches() const { return searches_.all(); }

 private:
  Recorder<v1::SearchDuplicatesRequest> searches_;
};

using CustomerCommandsTest = CrmctlCommandTest<FakeCustomerService>;

TEST_F(CustomerCommandsTest, DuplicatesOfACustomerPrintsScoresAndReasons) {
  ASSERT_EQ(Run({"customer", "duplicates", "c-new"}), kExitOk) << err_.str();
  ASSERT_EQ(service_.searches().size(), 1u);
  EXPECT_EQ(service_.searches()[0].name(), "customers/c-new");
  EXPECT_FALSE(service_.searches()[0].has_customer());
  EXPECT_EQ(out_.str(),
            "SCORE  RELATION     CUSTOMER  LEGAL_NAME                USCC                "
            "OWNER      REASONS\n"
            "0.96   duplicate    c1        上海华信能源集团有限公司  91310000MA1FL1XX1X  "
            "sub-east   same trade name, shared contact\n"
            "0.80   duplicate    c22       上海华鑫能源有限公司                          "
            "sub-north  similar trade name same region\n"
            "0.60   head office  c3        上海华信能源有限公司                          "
            "sub-east   short form, branch of same company\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(CustomerCommandsTest, DuplicatesOfANewRecordSendsItsFields) {
  ASSERT_EQ(
      Run({"customer", "duplicates", "--legal-name", "上海华信能源科技有限公司", "--uscc",
           "91310115MA1K3YJ12G", "--region", "310115", "--phone", "13812345678", "--phone",
           "13900001111", "--email", "wang.fang@huaxin.cn", "--max", "10", "--min-score", "0.8"}),
      kExitOk)
      << err_.str();
  ASSERT_EQ(service_.searches().size(), 1u);
  const v1::SearchDuplicatesRequest request = service_.searches()[0];
  EXPECT_EQ(request.name(), "");
  EXPECT_EQ(request.customer().legal_name(), "上海华信能源科技有限公司");
  EXPECT_EQ(request.customer().uscc(), "91310115MA1K3YJ12G");
  EXPECT_EQ(request.customer().region(), "310115");
  EXPECT_THAT(request.contact_phones(), ElementsAre("13812345678", "13900001111"));
  EXPECT_THAT(request.contact_emails(), ElementsAre("wang.fang@huaxin.cn"));
  EXPECT_EQ(request.max_results(), 10);
  EXPECT_DOUBLE_EQ(request.min_score(), 0.8);
}

TEST_F(CustomerCommandsTest, NoDuplicatesSaysSo) {
  ASSERT_EQ(Run({"customer", "duplicates", "customers/lonely"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "No likely duplicates found.\n");
}

TEST_F(CustomerCommandsTest, DuplicatesAsJsonIsTheWholeResponse) {
  ASSERT_EQ(Run({"customer", "duplicates", "c-new", "-o", "json"}), kExitOk) << err_.str();
  v1::SearchDuplicatesResponse printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  ASSERT_EQ(printed.matches_size(), 3);
  EXPECT_EQ(printed.matches(2).relation(), v1::DuplicateMatch::HEAD_OFFICE);
  EXPECT_EQ(printed.matches(0).customer(), "customers/c1");
  EXPECT_DOUBLE_EQ(printed.matches(0).score(), 0.956);
  EXPECT_THAT(printed.matches(0).reasons(),
              ElementsAre(v1::DuplicateMatch::SAME_TRADE_NAME, v1::DuplicateMatch::SHARED_CONTACT));
}

TEST_F(CustomerCommandsTest, DuplicatesUsageErrorsCallNothing) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"customer", "duplicates"},
           {"customer", "duplicates", "c1", "--legal-name", "x"},
           {"customer", "duplicates", "c1", "c2"},
           {"customer", "duplicates", "--legal-name", "x", "--max", "0"},
           {"customer", "duplicates", "--legal-name", "x", "--max", "many"},
           {"customer", "duplicates", "--legal-name", "x", "--min-score", "1.5"},
           {"customer", "duplicates", "--legal-name", "x", "--min-score", "nan"}}) {
    EXPECT_EQ(Run(args), kExitUsage) << args.back();
    EXPECT_THAT(err_.str(), HasSubstr("usage: crmctl customer duplicates [ID] [flags]"));
  }
  EXPECT_THAT(service_.searches(), IsEmpty());
}

TEST_F(CustomerCommandsTest, CreateWarnsOfPossibleDuplicatesOnStderr) {
  ASSERT_EQ(Run({"customer", "create", "--legal-name", "上海华信能源科技有限公司"}), kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("name:                customers/c-new\n"));
  EXPECT_EQ(err_.str(),
            "warning: 2 possible duplicates: customers/c1, customers/c22; "
            "see `crmctl customer duplicates c-new`\n");
}

TEST_F(CustomerCommandsTest, CreateWarnsNextToJsonToo) {
  ASSERT_EQ(Run({"customer", "create", "--legal-name", "上海华信能源科技有限公司", "-o", "json"}),
            kExitOk)
      << err_.str();
  v1::Customer printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  EXPECT_THAT(printed.possible_duplicates(), ElementsAre("customers/c1", "customers/c22"));
  EXPECT_THAT(err_.str(), HasSubstr("warning: 2 possible duplicates"));
}

TEST_F(CustomerCommandsTest, CreateWithoutDuplicatesWarnsOfNothing) {
  ASSERT_EQ(Run({"customer", "create", "--legal-name", "长江钢铁有限公司"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("customers/c-new"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(CustomerCommandsTest, HelpListsDuplicates) {
  ASSERT_EQ(Run({"help", "customer"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("customer duplicates [ID]"));
  ASSERT_EQ(Run({"customer", "duplicates", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("--phone PHONE ..."));
  EXPECT_THAT(out_.str(), HasSubstr("--min-score SCORE"));
}

}  // namespace
}  // namespace crm::crmctl
