// Runs whole `crmctl import customers` command lines against the real
// customer service (PostgreSQL and Redis), served in-process: the summary,
// the rejected-rows file, the exit status, re-imports and refusals.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_test_env.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_service_test_fixture.h"
#include "tools/crmctl/exit_status.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::crm::customer::testing::NewUscc;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class ImportCommandTest : public CrmctlCustomerServiceTest {
 protected:
  static void SetUpTestSuite() { StartService("crmctl_import"); }

  void SetUp() override {
    CrmctlCustomerServiceTest::SetUp();
    directory_ = home_;
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = directory_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  static absl::StatusOr<v1::Customer> Lookup(const std::string& system, const std::string& id) {
    v1::LookupCustomerRequest request;
    request.mutable_external_reference()->set_source_system(system);
    request.mutable_external_reference()->set_source_id(id);
    v1::Customer customer;
    grpc::Status s =
        env_->stub().LookupCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, &customer);
    if (!s.ok()) return absl::NotFoundError(s.error_message());
    return customer;
  }

  // A file of `rows` good rows after the header, ids PREFIX-1...
  static std::string GoodRows(const std::string& prefix, int rows) {
    std::string text;
    for (int i = 1; i <= rows; ++i) {
      text += crm::StrCat(prefix, "-", i, ",", "常州", prefix, i, "号有限公司,", NewUscc(),
                          ",C,320400,private,small,重点;ERP\n");
    }
    return text;
  }

  std::string directory_;
};

constexpr char kHeader[] =
    "source_id,legal_name,uscc,industry,region,ownership_type,"
    "size_band,tags\n";

TEST_F(ImportCommandTest, ImportsAFileAndWritesTheRejectedRowsBesideIt) {
  std::string text = kHeader + GoodRows("cli", 2500);
  const std::string bad_uscc = NewUscc();
  std::string broken_uscc = bad_uscc;
  broken_uscc.back() = broken_uscc.back() == '0' ? '1' : '0';
  text += crm::StrCat("cli-bad-uscc,\"常州坏代码, 有限公司\",", broken_uscc,
                      ",C,320400,private,small,\n");
  text += "cli-no-name,,,C,320400,private,small,\n";
  text += "cli-bad-word,常州坏词有限公司,,C,320400,public,small,\n";
  text += "cli-short,常州短行有限公司\n";
  const std::string path = WriteFile("customers.csv", text);

  EXPECT_EQ(Run({"--as", "erp@sub-east", "--roles", "integration", "import", "customers", path,
                 "--source-system", "erp-crmctl"}),
            kExitSomeRejected)
      << err_.str();
  EXPECT_THAT(out_.str(), StartsWith("Imported 2,504 rows from " + path));
  EXPECT_THAT(out_.str(), HasSubstr("2,500 created, 0 updated, 0 unchanged, 4 rejected."));
  const std::string rejected_path = directory_ + "/customers.rejected.csv";
  EXPECT_THAT(out_.str(), HasSubstr(rejected_path));
  EXPECT_THAT(err_.str(), HasSubstr("4 of 2,504 rows were rejected"));
  // Not a terminal: plain lines, no bar.
  EXPECT_THAT(err_.str(), HasSubstr("import: 2,504 rows done"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("\r")));

  const std::vector<std::string> rejected = Lines(ReadFile(rejected_path));
  ASSERT_EQ(rejected.size(), 5u) << ReadFile(rejected_path);
  EXPECT_EQ(rejected[0],
            "source_id,legal_name,uscc,industry,region,ownership_type,size_band,"
            "tags,rejected_reasons");
  std::string all = ReadFile(rejected_path);
  EXPECT_THAT(all, HasSubstr(crm::StrCat("cli-bad-uscc,\"常州坏代码, 有限公司\",", broken_uscc,
                                         ",C,320400,private,small,,")));
  EXPECT_THAT(all, HasSubstr("cli-no-name,,,C,320400,private,small,,"));
  EXPECT_THAT(all, HasSubstr("legal_name"));
  EXPECT_THAT(all, HasSubstr("ownership_type: unknown value \"\"public\"\""));
  EXPECT_THAT(all, HasSubstr("cli-short,常州短行有限公司,row: has 2 fields; the header has 8"));

  absl::StatusOr<v1::Customer> first = Lookup("erp-crmctl", "cli-1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->legal_name(), "常州cli1号有限公司");
  EXPECT_EQ(first->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(first->tags(), ::testing::ElementsAre("重点", "ERP"));
  EXPECT_FALSE(Lookup("erp-crmctl", "cli-bad-uscc").ok());
  EXPECT_FALSE(Lookup("erp-crmctl", "cli-bad-word").ok());
}

TEST_F(ImportCommandTest, ACleanFileExitsZeroAndAgainChangesNothing) {
  std::string text = crm::StrCat("source_system,", kHeader);
  for (const std::string& line : Lines(GoodRows("clean", 30))) {
    text += "oa," + line + "\n";
  }
  const std::string path = WriteFile("clean.csv", text);
  ASSERT_EQ(Run({"import", "customers", path}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("30 created, 0 updated, 0 unchanged, 0 rejected."));
  EXPECT_FALSE(std::filesystem::exists(directory_ + "/clean.rejected.csv"));

  ASSERT_EQ(Run({"-o", "json", "import", "customers", path}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("\"unchanged\": 30"));
  EXPECT_THAT(out_.str(), HasSubstr("\"created\": 0"));

  absl::StatusOr<v1::Customer> created = Lookup("oa", "clean-7");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->owner_org_unit(), "orgUnits/hq");  // admin@hq by default
}

TEST_F(ImportCommandTest, ASalesUserMayNotImport) {
  const std::string path = WriteFile(
      "sales.csv", crm::StrCat("source_system,", kHeader, "oa,sales-1,常州销售有限公司,,,,,,\n"));
  EXPECT_EQ(Run({"--as", "li.si@sub-east", "import", "customers", path}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(err_.str(), HasSubstr("hq_admin or integration"));
  EXPECT_FALSE(Lookup("oa", "sales-1").ok());
}

TEST_F(ImportCommandTest, AFileWithoutItsColumnsIsRefusedBeforeAnyCall) {
  const std::string path = WriteFile("wrong.csv", "id,name\n1,x\n");
  EXPECT_EQ(Run({"import", "customers", path}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("unknown column \"id\""));
  EXPECT_THAT(err_.str(), HasSubstr("column source_id is missing"));
  EXPECT_EQ(Run({"import", "customers", directory_ + "/missing.csv"}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("cannot read"));
}

}  // namespace
}  // namespace crm::crmctl
