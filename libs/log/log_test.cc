#include "libs/log/log.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace crm::log {
namespace {

TEST(LogTest, FormatsOneJsonObjectPerLine) {
  const std::string line = FormatLine(Level::kWarning, "redis unavailable", {{"port", "6379"}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["level"], "warning");
  EXPECT_EQ(parsed["msg"], "redis unavailable");
  EXPECT_EQ(parsed["port"], "6379");
}

TEST(LogTest, EscapesQuotesAndControlCharacters) {
  const std::string line = FormatLine(Level::kInfo, "a \"quoted\"\nvalue", {});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(nlohmann::json::parse(line)["msg"], "a \"quoted\"\nvalue");
}

TEST(LogTest, InvalidUtf8DoesNotThrow) {
  const std::string line = FormatLine(Level::kError, std::string("\xff\xfe"), {});
  EXPECT_NO_THROW(nlohmann::json::parse(line));
}

}  // namespace
}  // namespace crm::log
