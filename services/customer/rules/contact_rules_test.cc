#include "services/customer/rules/contact_rules.h"

#include <string>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(NormalizeMobilePhoneTest, StripsSeparatorsAndCountryCode) {
  EXPECT_EQ(NormalizeMobilePhone("13812345678"), "13812345678");
  EXPECT_EQ(NormalizeMobilePhone("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalizeMobilePhone("0086 138 1234 5678"), "13812345678");
  EXPECT_EQ(NormalizeMobilePhone("+8613812345678"), "13812345678");
  EXPECT_EQ(NormalizeMobilePhone("１３８１２３４５６７８"), "13812345678");
  EXPECT_EQ(NormalizeMobilePhone("\u3000138 1234 5678\t"), "13812345678");
  // Only a leading country code is dropped.
  EXPECT_EQ(NormalizeMobilePhone("138+8612345"), "138+8612345");
  EXPECT_EQ(NormalizeMobilePhone("+1 415 555 0100"), "+14155550100");
}

TEST(MobilePhoneTest, AcceptsMainlandMobiles) {
  for (std::string_view phone :
       {"13812345678", "19912345678", "15000000000", "+86 138-1234-5678", "0086-17712345678"}) {
    EXPECT_EQ(MobilePhoneError(phone), std::nullopt) << phone;
  }
}

TEST(MobilePhoneTest, NamesWhatIsWrong) {
  EXPECT_EQ(MobilePhoneError("12345"), "phone: must be 11 digits, got 5");
  EXPECT_EQ(MobilePhoneError("138123456789"), "phone: must be 11 digits, got 12");
  EXPECT_EQ(MobilePhoneError("23812345678"), "phone: a mobile number starts with 1, got '2'");
  EXPECT_EQ(MobilePhoneError("12812345678"),
            "phone: the second digit of a mobile number is 3–9, got '2'");
  EXPECT_EQ(MobilePhoneError("1381234567a"),
            "phone: 'a' is not a digit; a mobile number has 11 digits, e.g. 13812345678");
  EXPECT_EQ(MobilePhoneError("+1 415 555 0100"),
            "phone: only mainland China mobile numbers (+86) are accepted, got '+14155550100'");
  EXPECT_EQ(MobilePhoneError(""), "phone: required, e.g. 13812345678");
  // A landline with its area code also has 11 digits.
  EXPECT_EQ(MobilePhoneError("010-12345678"), "phone: a mobile number starts with 1, got '0'");
}

TEST(EmailTest, AcceptsOrdinaryAddresses) {
  for (std::string_view email : {
           "zhang.san@example.com",
           "li_si+crm@mail.example.com.cn",
           "a@b.co",
           "o'brien@example.org",
           "user@xn--fiqs8s.cn",  // punycode for 中国
           "x@sub-domain.example-1.com",
       }) {
    EXPECT_EQ(EmailError(email), std::nullopt) << email;
  }
}

TEST(EmailTest, StructureErrors) {
  EXPECT_EQ(EmailError(""), "email: required, e.g. zhang.san@example.com");
  EXPECT_EQ(EmailError("no-at-sign"), "email: must contain exactly one '@', found 0");
  EXPECT_EQ(EmailError("a@b@example.com"), "email: must contain exactly one '@', found 2");
  EXPECT_EQ(EmailError("@example.com"), "email: nothing before '@'");
  EXPECT_EQ(EmailError("zhang@"), "email: nothing after '@'");
  EXPECT_EQ(EmailError("zhang san@example.com"),
            "email: white space or control character at position 6 is not allowed");
}

TEST(EmailTest, LocalPartErrors) {
  EXPECT_EQ(EmailError(std::string(65, 'a') + "@example.com"),
            "email: the part before '@' has 65 characters; at most 64");
  EXPECT_EQ(EmailError(std::string(64, 'a') + "@example.com"), std::nullopt);
  EXPECT_EQ(EmailError(".zhang@example.com"),
            "email: the part before '@' cannot start or end with '.' or contain '..'");
  EXPECT_EQ(EmailError("zhang..san@example.com"),
            "email: the part before '@' cannot start or end with '.' or contain '..'");
  EXPECT_EQ(EmailError("zhang,san@example.com"),
            "email: ',' is not allowed before '@'; use letters, digits and . _ - +");
  EXPECT_EQ(EmailError("\"zhang\"@example.com"),
            "email: '\"' is not allowed before '@'; use letters, digits and . _ - +");
}

TEST(EmailTest, DomainErrors) {
  EXPECT_EQ(EmailError("zhang@localhost"),
            "email: domain 'localhost' needs a dot, e.g. example.com");
  EXPECT_EQ(EmailError("zhang@example..com"),
            "email: domain 'example..com' has an empty label (check the dots)");
  EXPECT_EQ(EmailError("zhang@example.com."),
            "email: domain 'example.com.' has an empty label (check the dots)");
  EXPECT_EQ(EmailError("zhang@-example.com"),
            "email: domain label '-example' cannot start or end with a hyphen");
  EXPECT_EQ(EmailError("zhang@example_1.com"),
            "email: '_' is not allowed in domain 'example_1.com'; use letters, digits and "
            "hyphens");
  EXPECT_EQ(EmailError("zhang@[10.0.0.1]"),
            "email: '[' is not allowed in domain '[10.0.0.1]'; use letters, digits and "
            "hyphens");
  EXPECT_EQ(EmailError("zhang@10.0.0.1"),
            "email: top-level domain '1' cannot be all digits; IP addresses are not accepted");
  EXPECT_EQ(EmailError("zhang@" + std::string(64, 'a') + ".com"),
            "email: domain label '" + std::string(40, 'a') +
                "…' (64 characters) is too long; at most 63 characters");
}

TEST(EmailTest, LengthLimits) {
  const std::string label(63, 'a');
  // 4 labels of 63 + 3 dots = 255 > 253.
  const std::string long_domain = label + "." + label + "." + label + "." + label;
  EXPECT_EQ(EmailError("z@" + long_domain), "email: at most 254 characters, got 257");
  const std::string domain_253 = label + "." + label + "." + label + "." + std::string(61, 'a');
  EXPECT_EQ(EmailError("z@" + domain_253), "email: at most 254 characters, got 255");
  const std::string domain_251 = label + "." + label + "." + label + "." + std::string(59, 'a');
  EXPECT_EQ(EmailError("z@" + domain_251), std::nullopt);
}

TEST(EmailTest, AsciiOnly) {
  EXPECT_EQ(EmailError("zhang@中国.cn"),
            "email: non-ASCII character '中' at position 7; write an internationalised "
            "domain in punycode (xn--...)");
  EXPECT_EQ(EmailError("张三@example.com"),
            "email: non-ASCII character '张' at position 1; write an internationalised "
            "domain in punycode (xn--...)");
  EXPECT_EQ(EmailError("zhang@example.com\u3000"),
            "email: white space or control character at position 18 is not allowed");
  EXPECT_EQ(EmailError("zhang@exa\xFFmple.com"), "email: not valid UTF-8");
}

TEST(WechatIdTest, AcceptsIdsAndPhoneNumbers) {
  for (std::string_view id : {"zhangsan", "wxid_abc123", "Zhang-San_88", "abcdef",
                              "a1234567890123456789", "13812345678"}) {
    EXPECT_EQ(WechatIdError(id), std::nullopt) << id;
  }
}

TEST(WechatIdTest, NamesWhatIsWrong) {
  EXPECT_EQ(WechatIdError("zhang"), "wechat: must be 6–20 characters, got 5");
  EXPECT_EQ(WechatIdError("a12345678901234567890"), "wechat: must be 6–20 characters, got 21");
  EXPECT_EQ(WechatIdError("_zhangsan"), "wechat: must start with a letter, got '_'");
  EXPECT_EQ(WechatIdError("张三abcdef"), "wechat: must start with a letter, got '张'");
  EXPECT_EQ(WechatIdError("zhang.san"),
            "wechat: '.' at position 6 is not allowed; use letters, digits, '_' and '-'");
  EXPECT_EQ(WechatIdError("zhang张三"),
            "wechat: '张' at position 6 is not allowed; use letters, digits, '_' and '-'");
  EXPECT_EQ(WechatIdError("1"),
            "wechat: an id that starts with a digit must be a mobile number: must be 11 "
            "digits, got 1");
  EXPECT_EQ(WechatIdError(""), "wechat: required");
}

}  // namespace
}  // namespace crm::customer
