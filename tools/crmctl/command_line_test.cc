#include "tools/crmctl/command_line.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

absl::Status Parse(const std::vector<std::string>& args, Invocation* invocation,
                   Defaults defaults = {}) {
  return ParseCommandLine(args, AllCommands(), defaults, invocation);
}

TEST(CommandLineTest, ResolvesNestedCommandAndArguments) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "team", "add", "c1", "--org-unit", "sub-east", "--role=sales"},
                    &invocation)
                  .ok());
  ASSERT_NE(invocation.command, nullptr);
  EXPECT_EQ(invocation.command->path, "customer team add");
  EXPECT_EQ(invocation.args, std::vector<std::string>{"c1"});
  EXPECT_EQ(invocation.flags.Get("org-unit"), "sub-east");
  EXPECT_EQ(invocation.flags.Get("role"), "sales");
}

TEST(CommandLineTest, GlobalOptionsGoBeforeOrAfterTheCommand) {
  Invocation before;
  ASSERT_TRUE(
      Parse({"--server", "db:1", "-o", "json", "--as", "li.si@sub-east", "customer", "get", "c1"},
            &before)
          .ok());
  Invocation after;
  ASSERT_TRUE(
      Parse({"customer", "get", "c1", "--server=db:1", "-ojson", "--as=li.si@sub-east"}, &after)
          .ok());
  for (const Invocation* invocation : {&before, &after}) {
    EXPECT_EQ(invocation->options.server, "db:1");
    EXPECT_EQ(invocation->options.output, OutputFormat::kJson);
    EXPECT_EQ(invocation->options.user, "li.si");
    EXPECT_EQ(invocation->options.org_unit, "sub-east");
    EXPECT_EQ(invocation->args, std::vector<std::string>{"c1"});
  }
}

TEST(CommandLineTest, DefaultsComeFromTheEnvironmentValues) {
  Invocation invocation;
  ASSERT_TRUE(
      Parse({"customer", "list"}, &invocation, {.server = "crm:443", .as = "wang.wu@sub-west"})
          .ok());
  EXPECT_EQ(invocation.options.server, "crm:443");
  EXPECT_EQ(invocation.options.user, "wang.wu");
  EXPECT_EQ(invocation.options.org_unit, "sub-west");
  EXPECT_TRUE(invocation.options.roles.empty());
  EXPECT_EQ(invocation.options.output, OutputFormat::kTable);
  EXPECT_EQ(invocation.options.timeout, absl::Seconds(10));
  EXPECT_EQ(invocation.options.request_id, "");
}

TEST(CommandLineTest, ParsesRolesTimeoutAndRequestId) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "list", "--roles", "sales, viewer", "--timeout", "1m30s",
                     "--request-id", "r-1"},
                    &invocation)
                  .ok());
  EXPECT_EQ(invocation.options.roles, (std::vector<std::string>{"sales", "viewer"}));
  EXPECT_EQ(invocation.options.timeout, absl::Seconds(90));
  EXPECT_EQ(invocation.options.request_id, "r-1");

  ASSERT_TRUE(Parse({"--timeout", "3", "customer", "list"}, &invocation).ok());
  EXPECT_EQ(invocation.options.timeout, absl::Seconds(3));
}

TEST(CommandLineTest, RequestIdFollowsTheServersRule) {
  Invocation invocation;
  const std::string longest(128, 'a');
  for (const std::string& id : {std::string("0f8e2c1a-9b7d-4e3f-a2c1-5d6e7f8a9b0c"),
                                std::string("erp.sap:C_100001-2"), longest}) {
    ASSERT_TRUE(Parse({"--request-id", id, "customer", "list"}, &invocation).ok()) << id;
    EXPECT_EQ(invocation.options.request_id, id);
  }

  // Each would reach gRPC metadata, which takes printable ASCII only; the
  // server refuses all of them too.
  for (const std::string& id : {std::string("请求-1"), std::string("req 1"), std::string("req\n1"),
                                std::string("req/1"), std::string("r\xff")}) {
    const absl::Status status = Parse({"customer", "list", "--request-id=" + id}, &invocation);
    EXPECT_TRUE(IsUsageError(status)) << id;
    EXPECT_EQ(status.message(),
              "--request-id: use only letters, digits and . _ : - (a UUID is "
              "recommended)");
  }
  const absl::Status too_long =
      Parse({"--request-id", longest + "a", "customer", "list"}, &invocation);
  EXPECT_TRUE(IsUsageError(too_long));
  EXPECT_EQ(too_long.message(), "--request-id: at most 128 characters, got 129");
}

TEST(CommandLineTest, AsTakesResourceNamesAndTheLastAt) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"--as", "users/a@b.cn@orgUnits/hq", "health"}, &invocation).ok());
  EXPECT_EQ(invocation.options.user, "a@b.cn");
  EXPECT_EQ(invocation.options.org_unit, "hq");
}

TEST(CommandLineTest, TokenFileIsGlobalAndAsGivenIsRemembered) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"whoami", "--token-file=/run/token"}, &invocation, {.as = "admin@hq"}).ok());
  EXPECT_EQ(invocation.options.token_file, "/run/token");
  EXPECT_FALSE(invocation.options.as_given);

  ASSERT_TRUE(Parse({"--token-file", "/run/token", "login", "--as", "li@east"}, &invocation).ok());
  EXPECT_EQ(invocation.options.token_file, "/run/token");
  EXPECT_TRUE(invocation.options.as_given);
  EXPECT_EQ(Parse({"whoami", "--token-file="}, &invocation).message(), "--token-file is empty");
}

TEST(CommandLineTest, RepeatedFlagsKeepEveryValueInOrder) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "create", "--legal-name", "甲", "--tag", "战略客户", "--tag=重点"},
                    &invocation)
                  .ok());
  EXPECT_EQ(invocation.flags.GetAll("tag"), (std::vector<std::string>{"战略客户", "重点"}));
}

TEST(CommandLineTest, SwitchesAndTheEndOfFlags) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "list", "--all", "--show-deleted=false"}, &invocation).ok());
  EXPECT_TRUE(invocation.flags.IsOn("all"));
  EXPECT_FALSE(invocation.flags.IsOn("show-deleted"));
  EXPECT_TRUE(invocation.flags.Has("show-deleted"));

  // After "--" a word that looks like a flag is an argument.
  ASSERT_TRUE(Parse({"customer", "get", "--", "-odd-id"}, &invocation).ok());
  EXPECT_EQ(invocation.args, std::vector<std::string>{"-odd-id"});
}

TEST(CommandLineTest, FlagValueMayLookLikeAnOption) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "update", "c1", "--short-name", "-o"}, &invocation).ok());
  EXPECT_EQ(invocation.flags.Get("short-name"), "-o");
  EXPECT_EQ(invocation.options.output, OutputFormat::kTable);
}

struct BadLine {
  std::vector<std::string> args;
  std::string message_part;
};

class BadCommandLineTest : public testing::TestWithParam<BadLine> {};

TEST_P(BadCommandLineTest, IsAUsageError) {
  Invocation invocation;
  const absl::Status status = Parse(GetParam().args, &invocation);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(IsUsageError(status)) << status;
  EXPECT_NE(std::string(status.message()).find(GetParam().message_part), std::string::npos)
      << status.message();
}

INSTANTIATE_TEST_SUITE_P(
    Lines, BadCommandLineTest,
    testing::Values(
        BadLine{{}, "no command"}, BadLine{{"customer"}, "needs a subcommand"},
        BadLine{{"customer", "frobnicate"}, "unknown command"},
        BadLine{{"customer", "get", "c1", "--legal-name", "x"}, "unknown flag --legal-name"},
        BadLine{{"--filter", "x", "customer", "list"}, "unknown option"},
        BadLine{{"customer", "get"}, "takes ID, got 0"},
        BadLine{{"customer", "get", "a", "b"}, "got 2 arguments"},
        BadLine{{"customer", "list", "extra"}, "takes no arguments"},
        BadLine{{"customer", "update", "c1", "--etag"}, "--etag needs a value"},
        BadLine{{"customer", "update", "c1", "--uscc", "a", "--uscc", "b"}, "more than once"},
        BadLine{{"-o", "yaml", "health"}, "not an output format"},
        BadLine{{"--timeout", "soon", "health"}, "not a duration"},
        BadLine{{"--timeout", "-1s", "health"}, "must be positive"},
        BadLine{{"--as", "nobody", "health"}, "not USER@ORGUNIT"},
        BadLine{{"--roles", ",", "health"}, "names no role"},
        BadLine{{"customer", "list", "--all=maybe"}, "=true or =false"},
        BadLine{{"-x", "health"}, "unknown option -x"}));

TEST(CommandLineTest, HelpSkipsTheArgumentCheck) {
  Invocation invocation;
  ASSERT_TRUE(Parse({"customer", "get", "--help"}, &invocation).ok());
  EXPECT_TRUE(invocation.options.help);
  ASSERT_NE(invocation.command, nullptr);
  EXPECT_EQ(invocation.command->path, "customer get");

  ASSERT_TRUE(Parse({"customer", "-h"}, &invocation).ok());
  EXPECT_EQ(invocation.command, nullptr);
  EXPECT_EQ(invocation.words, "customer");
}

TEST(CommandLineTest, AUsageErrorStillNamesTheCommand) {
  Invocation invocation;
  ASSERT_FALSE(Parse({"contact", "erase", "c1", "k1", "--bogus"}, &invocation).ok());
  ASSERT_NE(invocation.command, nullptr);
  EXPECT_EQ(invocation.command->path, "contact erase");
}

}  // namespace
}  // namespace crm::crmctl
