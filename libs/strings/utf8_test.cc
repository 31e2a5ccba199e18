#include "libs/strings/utf8.h"

#include "gtest/gtest.h"

namespace crm {
namespace {

TEST(Utf8Test, DecodesOneToFourByteSequences) {
  const std::string text = "a\u00e9\u534e\U0001F600";
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(text, &pos), U'a');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'\u00e9');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'\u534e');
  EXPECT_EQ(pos, 6u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'\U0001F600');
  EXPECT_EQ(pos, 10u);
  EXPECT_EQ(DecodeUtf8(text, &pos), std::nullopt);
}

TEST(Utf8Test, RejectsMalformedSequencesWithoutMoving) {
  for (const std::string& bad : {
           std::string("\x80"),              // continuation without a lead byte
           std::string("\xC3"),              // truncated
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\x80"),      // overlong NUL
           std::string("\xED\xA0\x80"),      // surrogate U+D800
           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
           std::string("\xFF"),
       }) {
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(bad, &pos), std::nullopt) << "bytes of size " << bad.size();
    EXPECT_EQ(pos, 0u);
  }
}

TEST(Utf8Test, AppendRoundTrips) {
  std::string out;
  for (char32_t c : {U'a', U'\u00e9', U'\u534e', U'\U0001F600'}) AppendUtf8(c, &out);
  EXPECT_EQ(out, "a\u00e9\u534e\U0001F600");
  AppendUtf8(0xD800, &out);  // surrogates are not characters
  EXPECT_EQ(out, "a\u00e9\u534e\U0001F600");
}

TEST(Utf8Test, FoldsFullWidthForms) {
  EXPECT_EQ(FoldFullWidth(U'\uFF19'), U'9');
  EXPECT_EQ(FoldFullWidth(U'\uFF21'), U'A');
  EXPECT_EQ(FoldFullWidth(U'\uFF4C'), U'l');
  EXPECT_EQ(FoldFullWidth(U'\u3000'), U' ');
  EXPECT_EQ(FoldFullWidth(U'\u534e'), U'\u534e');
}

TEST(Utf8Test, QuotesPrintableAndNumbersInvisible) {
  EXPECT_EQ(QuoteCodePoint(U'I'), "'I'");
  EXPECT_EQ(QuoteCodePoint(U'\u534e'), "'\u534e'");
  EXPECT_EQ(QuoteCodePoint(U'\n'), "U+000A");
  EXPECT_EQ(QuoteCodePoint(U' '), "U+0020");
  EXPECT_EQ(QuoteCodePoint(0x85), "U+0085");
}

TEST(Utf8Test, ControlsAreC0DelAndC1) {
  EXPECT_TRUE(IsControl(0x00));
  EXPECT_TRUE(IsControl(0x1F));
  EXPECT_TRUE(IsControl(0x7F));
  EXPECT_TRUE(IsControl(0x9F));
  EXPECT_FALSE(IsControl(U' '));
  EXPECT_FALSE(IsControl(0xA0));
}

TEST(FirstInvalidUtf8Test, FindsTheFirstByteThatStartsNoCharacter) {
  EXPECT_EQ(FirstInvalidUtf8("上海华信"), std::string_view::npos);
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_EQ(FirstInvalidUtf8("ab\xC3"), 2u);        // cut after its first byte
  EXPECT_EQ(FirstInvalidUtf8("上\xBB\xAA"), 3u);    // GBK after a valid character
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));            // overlong '/'
}

}  // namespace
}  // namespace crm
