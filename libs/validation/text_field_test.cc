#include "libs/validation/text_field.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::validation {
namespace {

using status::testing::Descriptions;
using status::testing::Fields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Repeat(std::string_view piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

std::vector<std::string> Check(std::string_view value, size_t min, size_t max,
                               Lines lines = Lines::kSingle) {
  status::FieldViolations violations;
  CheckText(value, "x.title", min, max, lines, violations);
  return Descriptions(violations);
}

TEST(CheckTextTest, CountsCharactersNotBytes) {
  EXPECT_THAT(Check(Repeat("华", 200), 1, 200), IsEmpty());
  EXPECT_THAT(Check(Repeat("华", 201), 1, 200),
              ElementsAre("x.title: at most 200 characters, got 201"));
  EXPECT_THAT(Check(Repeat("a", 200), 1, 200), IsEmpty());
  EXPECT_THAT(Check(Repeat("😀", 3), 1, 3), IsEmpty());  // 4 bytes each
}

TEST(CheckTextTest, RequiredMeansNotBlank) {
  EXPECT_THAT(Check("", 1, 200), ElementsAre("x.title: required (1-200 characters)"));
  EXPECT_THAT(Check(" \u3000 ", 1, 200), ElementsAre("x.title: required (1-200 characters)"));
  EXPECT_THAT(Check("", 0, 100), IsEmpty());
  EXPECT_THAT(Check("ab", 3, 10), ElementsAre("x.title: at least 3 characters, got 2"));
}

TEST(CheckTextTest, LineBreaksOnlyInMultiLineFields) {
  EXPECT_THAT(Check("a\nb", 1, 10),
              ElementsAre("x.title: control character U+000A at position 2 is not allowed"));
  EXPECT_THAT(Check("a\r\n\tb", 1, 10, Lines::kMulti), IsEmpty());
  EXPECT_THAT(Check("a\x01", 1, 10, Lines::kMulti),
              ElementsAre("x.title: control character U+0001 at position 2 is not allowed"));
}

TEST(CheckTextTest, RejectsInvalidUtf8UnderTheField) {
  status::FieldViolations violations;
  CheckText("ab\xC3", "x.title", 1, 10, Lines::kSingle, violations);
  EXPECT_THAT(Fields(violations), ElementsAre("x.title"));
  EXPECT_THAT(Descriptions(violations), ElementsAre("x.title: not valid UTF-8 (byte 3)"));
}

TEST(IsBlankTest, SpacesOfBothWidths) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\u3000\n"));
  EXPECT_FALSE(IsBlank(" 华 "));
  EXPECT_FALSE(IsBlank("\xC3"));
}

}  // namespace
}  // namespace crm::validation
