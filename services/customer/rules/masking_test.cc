#include "services/customer/rules/masking.h"

#include <string>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

size_t CountDigitsShown(std::string_view masked) {
  size_t digits = 0;
  for (char c : masked) digits += (c >= '0' && c <= '9') ? 1 : 0;
  return digits;
}

TEST(MaskPhoneTest, ElevenDigits) {
  EXPECT_EQ(MaskPhone("13812341234"), "138****1234");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
}

TEST(MaskPhoneTest, NeverMoreThanSevenOfElevenDigits) {
  for (size_t n = 0; n <= 20; ++n) {
    const std::string phone(n, '8');
    const std::string masked = MaskPhone(phone);
    EXPECT_LE(CountDigitsShown(masked) * 11, n * 7) << n;
    if (n > 0) {
      EXPECT_NE(masked.find("****"), std::string::npos) << n;
    }
  }
}

TEST(MaskPhoneTest, ShortAndEmpty) {
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("123"), "****");
  EXPECT_EQ(MaskPhone("1234"), "1****4");
  EXPECT_EQ(MaskPhone("+8613812341234"), "+86****1234");
}

TEST(MaskPhoneTest, Utf8Safe) {
  EXPECT_EQ(MaskPhone("１３８１２３４１２３４"), "１３８****１２３４");
}

TEST(MaskEmailTest, KeepsFirstCharacterAndDomain) {
  EXPECT_EQ(MaskEmail("zhang.san@example.com"), "z***@example.com");
  EXPECT_EQ(MaskEmail("ab@example.com"), "a***@example.com");
  EXPECT_EQ(MaskEmail("a@example.com"), "***@example.com");
  EXPECT_EQ(MaskEmail("@example.com"), "***@example.com");
  EXPECT_EQ(MaskEmail("张三@example.com"), "张***@example.com");
}

TEST(MaskEmailTest, WithoutAtIsMaskedLikeAnId) {
  EXPECT_EQ(MaskEmail("zhangsan.example.com"), "zh****om");
  EXPECT_EQ(MaskEmail(""), "");
}

TEST(MaskWechatTest, KeepsAtMostTwoEachSide) {
  EXPECT_EQ(MaskWechat("wxid_abc123"), "wx****23");
  EXPECT_EQ(MaskWechat("zhangsan_1988_shanghai"), "zh****ai");
  EXPECT_EQ(MaskWechat("zhangsan"), "z****n");
  EXPECT_EQ(MaskWechat("abcde"), "a****e");
  EXPECT_EQ(MaskWechat("abcd"), "****");
  EXPECT_EQ(MaskWechat("a"), "****");
  EXPECT_EQ(MaskWechat(""), "");
}

TEST(MaskWechatTest, Utf8Safe) {
  EXPECT_EQ(MaskWechat("张三李四王五赵六钱七"), "张三****钱七");
  // A stray invalid byte is kept whole, never split or dropped silently.
  EXPECT_EQ(MaskWechat("\xFF"
                       "bcdefghijk"),
            "\xFF"
            "b****jk");
}

}  // namespace
}  // namespace crm::customer
