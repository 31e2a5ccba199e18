#include "libs/proxy/call_limits.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::proxy {
namespace {

using ::testing::HasSubstr;

constexpr CallLimits kFallback = {.default_deadline = absl::Seconds(30),
                                  .max_deadline = absl::Seconds(60)};

TEST(MethodLimitsTest, AMethodsLineWinsOverItsServiceWhichWinsOverTheFallback) {
  absl::StatusOr<MethodLimits> limits = MethodLimits::Parse(R"(
# method                                         deadline max  idle
crm.customer.v1.CustomerService/ImportCustomers  none     none 60s   # bulk
crm.hierarchy.v1.HierarchyService/*              10s      20s  -
)",
                                                            kFallback);
  ASSERT_TRUE(limits.ok()) << limits.status();
  const CallLimits import = limits->For("/crm.customer.v1.CustomerService/ImportCustomers");
  EXPECT_EQ(import.default_deadline, absl::InfiniteDuration());
  EXPECT_EQ(import.max_deadline, absl::InfiniteDuration());
  EXPECT_EQ(import.idle_timeout, absl::Seconds(60));

  const CallLimits node = limits->For("/crm.hierarchy.v1.HierarchyService/GetNode");
  EXPECT_EQ(node.default_deadline, absl::Seconds(10));
  EXPECT_EQ(node.max_deadline, absl::Seconds(20));
  EXPECT_EQ(node.idle_timeout, absl::ZeroDuration());

  EXPECT_EQ(limits->For("/crm.customer.v1.CustomerService/GetCustomer"), kFallback);
  EXPECT_EQ(limits->For("not a method"), kFallback);
}

TEST(MethodLimitsTest, BadLinesAreNamed) {
  const auto problem = [](std::string_view text) {
    return std::string(MethodLimits::Parse(text, kFallback).status().message());
  };
  EXPECT_THAT(problem("a.B/C 10s 20s"), HasSubstr("line 1: expected four columns"));
  EXPECT_THAT(problem("\na.B 10s 20s -"), HasSubstr("line 2: 'a.B' is not"));
  EXPECT_THAT(problem("a.B/C ten 20s -"), HasSubstr("'ten' is not a positive duration"));
  EXPECT_THAT(problem("a.B/C 0s 20s -"), HasSubstr("'0s' is not a positive duration"));
  EXPECT_THAT(problem("a.B/C 30s 20s -"), HasSubstr("longer than the max_deadline"));
  EXPECT_THAT(problem("a.B/C 1s 2s -\na.B/C 1s 2s -"), HasSubstr("line 2: a.B/C has a line"));
}

TEST(MethodLimitsTest, NoRulesGiveTheFallback) {
  const MethodLimits limits(kFallback);
  EXPECT_EQ(limits.For("/a.B/C"), kFallback);
}

}  // namespace
}  // namespace crm::proxy
