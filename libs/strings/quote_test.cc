#include "libs/strings/quote.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/strings/utf8.h"

namespace crm {
namespace {

// True when every byte of `text` belongs to a valid UTF-8 character.
TEST(QuoteTest, ShortValuesAreQuotedWhole) {
  EXPECT_EQ(Quote("manufacturing"), "'manufacturing'");
  EXPECT_EQ(Quote(""), "''");
  EXPECT_EQ(Quote("上海华信"), "'上海华信'");
}

TEST(QuoteTest, LongValuesAreCutAndStateTheirLength) {
  EXPECT_EQ(Quote("abcdef", 3), "'abc…' (6 characters)");
  EXPECT_EQ(Quote("abc", 3), "'abc'");
  const std::string long_value(10000, 'x');
  const std::string quoted = Quote(long_value);
  EXPECT_EQ(quoted, "'" + std::string(40, 'x') + "…' (10000 characters)");
}

TEST(QuoteTest, CutsOnCharacterBoundariesAndCountsCharactersNotBytes) {
  // 华 is three bytes; a byte-based cut would split it.
  std::string value;
  for (int i = 0; i < 100; ++i) value += "华";
  const std::string quoted = Quote(value, 5);
  EXPECT_EQ(quoted, "'华华华华华…' (100 characters)");
  EXPECT_TRUE(IsValidUtf8(quoted));
}

TEST(QuoteTest, InvalidBytesAreEscapedAndControlsNumbered) {
  // GBK for 华 is BB AA: two bytes that cannot start a UTF-8 character.
  EXPECT_EQ(Quote("\xBB\xAA"), "'\\xBB\\xAA'");
  EXPECT_EQ(Quote("a\xC3"), "'a\\xC3'");
  EXPECT_EQ(Quote("a\nb\tc"), "'aU+000AbU+0009c'");
  EXPECT_EQ(Quote(std::string("a\0b", 3)), "'aU+0000b'");
  EXPECT_EQ(Quote("\xC3\xC3\xC3", 2), "'\\xC3\\xC3…' (3 characters)");
}

TEST(QuoteTest, NeverReturnsInvalidUtf8) {
  const std::string nasty =
      std::string("ok\xE5\x8D") + "\xFF\xC0\xAF" + "华\x85\x7F" + "\xF0\x9F\x98";
  for (size_t max = 0; max < 12; ++max) {
    const std::string quoted = Quote(nasty, max);
    EXPECT_TRUE(IsValidUtf8(quoted)) << quoted;
    EXPECT_LT(quoted.size(), 80u);
  }
}

TEST(CutUtf8Test, KeepsWholeCharacters) {
  EXPECT_EQ(CutUtf8("华信", 6), "华信");
  EXPECT_EQ(CutUtf8("华信", 5), "华");
  EXPECT_EQ(CutUtf8("华信", 4), "华");
  EXPECT_EQ(CutUtf8("华信", 2), "");
  EXPECT_EQ(CutUtf8("ab华", 4), "ab");
  EXPECT_EQ(CutUtf8("abc", 0), "");
  EXPECT_EQ(CutUtf8("😀a", 4), "😀");
}

TEST(CutUtf8Test, StrayBytesCountAsOneCharacter) {
  EXPECT_EQ(CutUtf8("a\xC3\xC3"
                    "b",
                    2),
            "a\xC3");
}

}  // namespace
}  // namespace crm
