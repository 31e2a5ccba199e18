#include "libs/config/flags.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(std::string, test_dsn, "host=default", "A flag for the test.");
ABSL_FLAG(int32_t, test_port, 1, "A flag for the test.");

namespace crm::config {
namespace {

using ::testing::HasSubstr;

// Parses `args` (argv[0] added) as a binary's command line would be.
std::vector<std::string> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "binary");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  const std::vector<char*> rest =
      ParseFlags(static_cast<int>(argv.size()), argv.data(), "flags_test usage");
  return {rest.begin(), rest.end()};
}

class FlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("CRM_TEST_DSN");
    unsetenv("CRM_TEST_PORT");
  }
  void TearDown() override { SetUp(); }

  absl::FlagSaver saver_;
};

TEST_F(FlagsTest, EnvVarNames) {
  EXPECT_EQ(EnvVarForFlag("pg_dsn"), "CRM_PG_DSN");
  EXPECT_EQ(EnvVarForFlag("listen"), "CRM_LISTEN");
}

TEST_F(FlagsTest, DefaultsWithoutEnvironment) {
  Parse({});
  EXPECT_EQ(absl::GetFlag(FLAGS_test_dsn), "host=default");
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 1);
}

TEST_F(FlagsTest, EnvironmentSetsFlags) {
  setenv("CRM_TEST_DSN", "host=from-env", 1);
  setenv("CRM_TEST_PORT", "5433", 1);
  Parse({});
  EXPECT_EQ(absl::GetFlag(FLAGS_test_dsn), "host=from-env");
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 5433);
}

TEST_F(FlagsTest, CommandLineWinsOverEnvironment) {
  setenv("CRM_TEST_DSN", "host=from-env", 1);
  setenv("CRM_TEST_PORT", "5433", 1);
  const std::vector<std::string> rest = Parse({"--test_dsn=host=from-flag", "positional"});
  EXPECT_EQ(absl::GetFlag(FLAGS_test_dsn), "host=from-flag");
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 5433);
  EXPECT_THAT(rest, ::testing::ElementsAre("binary", "positional"));
}

TEST_F(FlagsTest, EmptyVariableCountsAsUnset) {
  setenv("CRM_TEST_PORT", "", 1);
  ASSERT_TRUE(ApplyEnvironmentToFlags().ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 1);
}

TEST_F(FlagsTest, BadValueNamesTheVariable) {
  setenv("CRM_TEST_PORT", "not-a-number", 1);
  const absl::Status status = ApplyEnvironmentToFlags();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("CRM_TEST_PORT"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("--test_port"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 1);
}

TEST_F(FlagsTest, BadValueExitsWithAClearMessage) {
  setenv("CRM_TEST_PORT", "not-a-number", 1);
  EXPECT_EXIT(Parse({}), ::testing::ExitedWithCode(2), HasSubstr("CRM_TEST_PORT=\"not-a-number\""));
}

TEST_F(FlagsTest, AbseilsOwnFlagsIgnoreTheEnvironment) {
  // --flagfile is defined by absl/flags/parse.cc, which ParseFlags links.
  absl::CommandLineFlag* flagfile = absl::FindCommandLineFlag("flagfile");
  ASSERT_NE(flagfile, nullptr);
  const std::string before = flagfile->CurrentValue();
  setenv("CRM_FLAGFILE", "/nonexistent/flags", 1);
  EXPECT_TRUE(ApplyEnvironmentToFlags().ok());
  unsetenv("CRM_FLAGFILE");
  EXPECT_EQ(flagfile->CurrentValue(), before);
}

}  // namespace
}  // namespace crm::config
