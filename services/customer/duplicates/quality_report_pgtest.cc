// GetDataQualityReport through the gRPC API against real PostgreSQL: counts,
// completeness per field and per owner, likely duplicate groups, scope.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;

class QualityReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start("quality");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static void Create(const std::string& org_unit, const std::string& legal_name,
                     const std::string& uscc, const std::string& short_name = "") {
    v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(uscc);
    request.mutable_customer()->set_short_name(short_name);
    request.mutable_customer()->set_industry("F");
    request.mutable_customer()->set_region("330100");
    v1::Customer created;
    const grpc::Status status = env_->stub().CreateCustomer(
        env_->As(CustomerTestEnv::Sales("s", org_unit)).get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static v1::DataQualityReport Report(const auth::v1::Principal& as, const std::string& owner = "",
                                      grpc::Status* status_out = nullptr) {
    v1::GetDataQualityReportRequest request;
    request.set_owner_org_unit(owner);
    v1::DataQualityReport report;
    const grpc::Status status =
        env_->stub().GetDataQualityReport(env_->As(as).get(), request, &report);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return report;
  }

  static const v1::FieldCompleteness& Field(const v1::QualitySummary& summary,
                                            const std::string& name) {
    for (const auto& field : summary.fields()) {
      if (field.field() == name) return field;
    }
    ADD_FAILURE() << "no field " << name;
    return summary.fields(0);
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(QualityReportTest, CountsFieldsOwnersAndLikelyDuplicatesInScope) {
  Create("sub-east", "杭州东城物流有限公司", NewUscc(), "东城");
  Create("sub-east", "东城物流有限公司", "");  // same trade name, no USCC
  Create("sub-east", "宁波北仑港务有限公司", "");
  Create("sub-west", "成都西岭建设有限公司", NewUscc());

  const v1::DataQualityReport all = Report(CustomerTestEnv::Hq());
  EXPECT_EQ(all.total().customers(), 4);
  EXPECT_EQ(all.total().missing_uscc(), 2);
  EXPECT_EQ(Field(all.total(), "uscc").filled(), 2);
  EXPECT_DOUBLE_EQ(Field(all.total(), "uscc").percent(), 50.0);
  EXPECT_EQ(Field(all.total(), "short_name").filled(), 1);
  EXPECT_EQ(Field(all.total(), "contact").filled(), 0);
  // Each has legal name 15, industry 10, region 10 and owner 10 points; the
  // USCCs add 15 each and the short name 5: (65 + 45 + 45 + 60) / 4.
  EXPECT_DOUBLE_EQ(all.total().average_completeness(), 53.75);
  ASSERT_EQ(all.by_owner_org_unit_size(), 2);
  EXPECT_EQ(all.by_owner_org_unit(0).owner_org_unit(), "orgUnits/sub-east");  // most first
  EXPECT_EQ(all.by_owner_org_unit(0).customers(), 3);
  EXPECT_EQ(all.open_duplicate_groups(), 1);
  EXPECT_EQ(all.customers_in_duplicate_groups(), 2);

  // A subsidiary sees its own records only.
  const v1::DataQualityReport west = Report(CustomerTestEnv::Sales("w", "sub-west"));
  EXPECT_EQ(west.total().customers(), 1);
  EXPECT_EQ(west.open_duplicate_groups(), 0);
  grpc::Status status;
  Report(CustomerTestEnv::Sales("w", "sub-west"), "orgUnits/sub-east", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Report(CustomerTestEnv::Hq(), "sub-east", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Report(CustomerTestEnv::Hq(), "orgUnits/sub-west").total().customers(), 1);
}

}  // namespace
}  // namespace crm::customer
