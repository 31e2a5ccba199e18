#include "libs/strings/str_cat.h"

#include <string_view>

#include "gtest/gtest.h"

namespace crm {
namespace {

TEST(StrCatTest, TakesStdStringViewsBesideAbseilArguments) {
  const std::string_view view = "上海";
  const std::string text = "-";
  EXPECT_EQ(StrCat(view, text, 42, absl::string_view("x")), "上海-42x");
}

TEST(StrAppendTest, AppendsStdStringViews) {
  std::string out = "a";
  StrAppend(&out, std::string_view("b"), 3);
  EXPECT_EQ(out, "ab3");
}

TEST(ToAbslTest, KeepsEmbeddedNulBytes) {
  const std::string_view view("a\0b", 3);
  EXPECT_EQ(ToAbsl(view).size(), 3u);
}

}  // namespace
}  // namespace crm
