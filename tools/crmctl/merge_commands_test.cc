// Runs whole `crmctl customer merge` and `crmctl customer unmerge` command
// lines against the real customer service (PostgreSQL and Redis), served
// in-process: a dry run that writes nothing, the merge and where each field
// came from, `customer get` of the merged customer, the unmerge, and usage
// errors that call nothing.

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_test_env.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_service_test_fixture.h"
#include "tools/crmctl/resource_names.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::crm::customer::testing::NewUscc;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

// The line of `text` that starts with `start`, or "" when none does.
std::string LineStartingWith(const std::string& text, const std::string& start) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(start)) return line;
  }
  return "";
}

class MergeCommandTest : public CrmctlCustomerServiceTest {
 protected:
  static void SetUpTestSuite() { StartService("crmctl_merge"); }

  static v1::Customer Create(v1::Customer values) {
    v1::CreateCustomerRequest request;
    *request.mutable_customer() = std::move(values);
    v1::Customer created;
    const grpc::Status status =
        env_->stub().CreateCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static grpc::Status Get(const std::string& name, v1::Customer* customer) {
    v1::GetCustomerRequest request;
    request.set_name(name);
    return env_->stub().GetCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, customer);
  }
};

TEST_F(MergeCommandTest, DryRunThenMergeThenUnmerge) {
  v1::Customer values;
  values.set_legal_name("常州合并测试甲有限公司");
  values.set_region("320400");
  const v1::Customer survivor = Create(values);
  values.set_legal_name("常州合并测试甲科技有限公司");
  values.set_short_name("合并甲");
  values.set_uscc(NewUscc());
  const v1::Customer other = Create(values);
  const std::string survivor_id = LastSegment(survivor.name());
  const std::string other_id = LastSegment(other.name());

  // A dry run shows the result and writes nothing.
  ASSERT_EQ(Run({"customer", "merge", survivor_id, other.name(), "--keep",
                 "legal-name=" + survivor_id, "--dry-run"}),
            kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(),
              StartsWith(crm::StrCat("Dry run, nothing was written: merging ", other.name(),
                                     " into ", survivor.name(), " would give this record.\n")));
  EXPECT_THAT(LineStartingWith(out_.str(), "FIELD "), MatchesRegex("FIELD +VALUE +FROM +REASON"));
  EXPECT_THAT(
      LineStartingWith(out_.str(), "uscc "),
      MatchesRegex(crm::StrCat("uscc +", other.uscc(), " +", other_id, " +only non-empty value")));
  EXPECT_THAT(LineStartingWith(out_.str(), "legal_name "),
              MatchesRegex(crm::StrCat("legal_name +常州合并测试甲有限公司 +", survivor_id,
                                       " \\(survivor\\) +override")));
  v1::Customer unchanged;
  ASSERT_TRUE(Get(other.name(), &unchanged).ok());
  EXPECT_EQ(unchanged.state(), v1::Customer::ACTIVE);
  ASSERT_TRUE(Get(survivor.name(), &unchanged).ok());
  EXPECT_EQ(unchanged.uscc(), "");
  EXPECT_EQ(unchanged.etag(), survivor.etag());

  // JSON: the whole response.
  ASSERT_EQ(Run({"-o", "json", "customer", "merge", survivor_id, other_id, "--dry-run"}), kExitOk)
      << err_.str();
  v1::MergeCustomersResponse printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  EXPECT_EQ(printed.customer().name(), survivor.name());
  EXPECT_EQ(printed.customer().uscc(), other.uscc());
  EXPECT_FALSE(printed.field_sources().empty());
  ASSERT_TRUE(Get(other.name(), &unchanged).ok());

  // The merge itself.
  ASSERT_EQ(Run({"customer", "merge", survivor_id, other_id, "--keep", "legal_name=" + survivor_id,
                 "--request-id", "crmctl-merge-1"}),
            kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), StartsWith(crm::StrCat("Merged ", other.name(), " into ", survivor.name(),
                                                 ".\n\nFIELD")));
  EXPECT_THAT(
      LineStartingWith(out_.str(), "uscc "),
      MatchesRegex(crm::StrCat("uscc +", other.uscc(), " +", other_id, " +only non-empty value")));
  // Then the merged record.
  EXPECT_THAT(LineStartingWith(out_.str(), "name:"),
              MatchesRegex(crm::StrCat("name: +", survivor.name())));
  EXPECT_THAT(LineStartingWith(out_.str(), "uscc:"),
              MatchesRegex(crm::StrCat("uscc: +", other.uscc())));
  v1::Customer merged_survivor;
  ASSERT_TRUE(Get(survivor.name(), &merged_survivor).ok());
  EXPECT_EQ(merged_survivor.uscc(), other.uscc());
  EXPECT_EQ(merged_survivor.legal_name(), "常州合并测试甲有限公司");

  // The merged customer is gone, and the error names the survivor.
  EXPECT_EQ(Run({"customer", "get", other_id}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr(crm::StrCat("error: NOT_FOUND: ", other.name(),
                                                " was merged into ", survivor.name())));
  EXPECT_THAT(err_.str(),
              HasSubstr(crm::StrCat("reason: CUSTOMER_MERGED (customer.crm) ",
                                    "customer=", other.name(), " mergedInto=", survivor.name())));

  // Unmerge restores it.
  ASSERT_EQ(Run({"customer", "unmerge", other.name()}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("常州合并测试甲科技有限公司"));
  EXPECT_THAT(out_.str(), HasSubstr(crm::StrCat("Restored ", other.name(), ". The survivor ",
                                                survivor.name(), " gave back")));
  v1::Customer restored;
  ASSERT_TRUE(Get(other.name(), &restored).ok());
  EXPECT_EQ(restored.state(), v1::Customer::ACTIVE);
  EXPECT_EQ(restored.uscc(), other.uscc());
  EXPECT_EQ(restored.short_name(), "合并甲");
  ASSERT_TRUE(Get(survivor.name(), &merged_survivor).ok());
  EXPECT_EQ(merged_survivor.uscc(), "");
  ASSERT_EQ(Run({"customer", "get", other_id}), kExitOk) << err_.str();
}

TEST_F(MergeCommandTest, ABadKeepIsAUsageErrorAndCallsNothing) {
  v1::Customer values;
  values.set_legal_name("常州合并测试乙有限公司");
  const v1::Customer survivor = Create(values);
  values.set_legal_name("常州合并测试乙科技有限公司");
  const v1::Customer other = Create(values);

  EXPECT_EQ(Run({"customer", "merge", survivor.name(), other.name(), "--keep", "uscc"}),
            kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--keep \"uscc\": give FIELD=ID"));
  EXPECT_THAT(err_.str(), HasSubstr("usage: crmctl customer merge SURVIVOR OTHER..."));
  EXPECT_EQ(
      Run({"customer", "merge", survivor.name(), other.name(), "--keep", "phone=" + other.name()}),
      kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--keep \"phone="));
  v1::Customer still;
  ASSERT_TRUE(Get(other.name(), &still).ok());
  EXPECT_EQ(still.state(), v1::Customer::ACTIVE);
  EXPECT_EQ(still.etag(), other.etag());
}

TEST_F(MergeCommandTest, TheServersRefusalIsPrintedWithItsReason) {
  v1::Customer values;
  values.set_legal_name("常州合并测试丙有限公司");
  const v1::Customer survivor = Create(values);
  EXPECT_EQ(Run({"customer", "merge", survivor.name(), survivor.name()}), kExitFailed);
  EXPECT_THAT(err_.str(), StartsWith("error: INVALID_ARGUMENT"));
  EXPECT_THAT(err_.str(), HasSubstr("is the survivor"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(MergeCommandTest, HelpListsMergeAndUnmerge) {
  ASSERT_EQ(Run({"help", "customer"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("customer merge SURVIVOR OTHER..."));
  EXPECT_THAT(out_.str(), HasSubstr("customer unmerge ID"));
  ASSERT_EQ(Run({"customer", "merge", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("--keep FIELD=ID ..."));
  EXPECT_THAT(out_.str(), HasSubstr("--dry-run"));
}

}  // namespace
}  // namespace crm::crmctl
