// Runs `crmctl quality report` against an in-process fake of the customer
// service: what reaches the server and what the person sees.

#include <string>
#include <tuple>
#include <vector>

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/quality_requests.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::QualitySummary Summary(const std::string& owner, int64_t customers, double completeness,
                           int64_t missing_uscc) {
  v1::QualitySummary summary;
  if (!owner.empty()) summary.set_owner_org_unit("orgUnits/" + owner);
  summary.set_customers(customers);
  summary.set_average_completeness(completeness);
  summary.set_missing_uscc(missing_uscc);
  return summary;
}

class FakeCustomerService final : public v1::CustomerService::Service {
 public:
  grpc::Status GetDataQualityReport(grpc::ServerContext*,
                                    const v1::GetDataQualityReportRequest* request,
                                    v1::DataQualityReport* response) override {
    requests_.Add(*request);
    if (request->owner_org_unit() == "orgUnits/empty") {
      *response->mutable_total() = Summary("", 0, 0, 0);
      return grpc::Status::OK;
    }
    v1::QualitySummary* total = response->mutable_total();
    *total = Summary("", 1279, 87.46, 12);
    for (const auto& [field, filled, percent] :
         std::vector<std::tuple<std::string, int64_t, double>>{
             {"uscc", 1267, 99.06},
             {"industry", 1100, 86.0},
             {"decision_maker_contact", 640, 50.04}}) {
      v1::FieldCompleteness* completeness = total->add_fields();
      completeness->set_field(field);
      completeness->set_filled(filled);
      completeness->set_percent(percent);
    }
    *response->add_by_owner_org_unit() = Summary("sub-east", 1001, 93.2, 2);
    *response->add_by_owner_org_unit() = Summary("east-ka", 278, 66.75, 10);
    response->set_open_duplicate_groups(3);
    response->set_customers_in_duplicate_groups(7);
    return grpc::Status::OK;
  }

  std::vector<v1::GetDataQualityReportRequest> requests() const { return requests_.all(); }

 private:
  Recorder<v1::GetDataQualityReportRequest> requests_;
};

using QualityCommandsTest = CrmctlCommandTest<FakeCustomerService>;

TEST_F(QualityCommandsTest, ReportPrintsTheSummaryFieldsAndOwners) {
  ASSERT_EQ(Run({"quality", "report"}), kExitOk) << err_.str();
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].owner_org_unit(), "");
  EXPECT_EQ(out_.str(),
            "customers:            1,279\n"
            "average completeness: 87.5% (target > 92%)\n"
            "missing USCC:         12\n"
            "likely duplicates:    3 groups (7 customers)\n"
            "\n"
            "FIELD                   FILLED  %\n"
            "uscc                    1,267   99.1%\n"
            "industry                1,100   86.0%\n"
            "decision_maker_contact  640     50.0%\n"
            "\n"
            "OWNER     CUSTOMERS  AVG_COMPLETENESS  MISSING_USCC\n"
            "sub-east  1,001      93.2%             2\n"
            "east-ka   278        66.8%             10\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(QualityCommandsTest, OwnerNarrowsTheReport) {
  ASSERT_EQ(Run({"quality", "report", "--owner", "empty"}), kExitOk) << err_.str();
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].owner_org_unit(), "orgUnits/empty");
  EXPECT_EQ(out_.str(),
            "customers:            0\n"
            "average completeness: 0.0% (target > 92%)\n"
            "missing USCC:         0\n"
            "likely duplicates:    0 groups (0 customers)\n");

  ASSERT_EQ(Run({"quality", "report", "--owner", "orgUnits/sub-east"}), kExitOk);
  EXPECT_EQ(service_.requests()[1].owner_org_unit(), "orgUnits/sub-east");
}

TEST_F(QualityCommandsTest, ReportAsJsonIsTheWholeResponse) {
  ASSERT_EQ(Run({"quality", "report", "-o", "json"}), kExitOk) << err_.str();
  v1::DataQualityReport printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  EXPECT_EQ(printed.total().customers(), 1279);
  EXPECT_EQ(printed.by_owner_org_unit_size(), 2);
  EXPECT_EQ(printed.open_duplicate_groups(), 3);
}

TEST_F(QualityCommandsTest, ABadOwnerIsAUsageError) {
  EXPECT_EQ(Run({"quality", "report", "--owner", "users/li.si"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("is not an org unit id"));
  EXPECT_EQ(Run({"quality", "report", "--owner", ""}), kExitUsage);
  EXPECT_EQ(Run({"quality", "report", "extra"}), kExitUsage);
  EXPECT_THAT(service_.requests(), IsEmpty());
}

TEST_F(QualityCommandsTest, HelpListsTheReport) {
  ASSERT_EQ(Run({"help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("quality report"));
  ASSERT_EQ(Run({"quality", "report", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("--owner ORGUNIT"));
}

TEST(QualityRequestsTest, OwnerTakesAnIdOrAName) {
  Invocation invocation;
  ASSERT_TRUE(ParseCommandLine({"quality", "report", "--owner", "sub-east"}, AllCommands(),
                               Defaults(), &invocation)
                  .ok());
  absl::StatusOr<v1::GetDataQualityReportRequest> request = BuildQualityReportRequest(invocation);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->owner_org_unit(), "orgUnits/sub-east");

  ASSERT_TRUE(ParseCommandLine({"quality", "report"}, AllCommands(), Defaults(), &invocation).ok());
  request = BuildQualityReportRequest(invocation);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->owner_org_unit(), "");
}

}  // namespace
}  // namespace crm::crmctl
