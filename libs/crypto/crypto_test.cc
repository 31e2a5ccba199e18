#include "libs/crypto/crypto.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crypto {
namespace {

using ::testing::MatchesRegex;
using ::testing::Optional;

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

TEST(HmacSha256Test, Rfc4231TestCase2) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, Rfc4231TestCase1) {
  const std::string key(20, '\x0b');
  EXPECT_EQ(ToHex(HmacSha256(key, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256Test, EmptyKeyIsAccepted) {
  // Not an RFC vector; computed with `openssl dgst -sha256 -hmac ''`.
  EXPECT_EQ(ToHex(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Base64UrlTest, Rfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64UrlTest, UsesUrlSafeAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_THAT(Base64UrlDecode("-_8"), Optional(std::string("\xfb\xff")));
}

TEST(Base64UrlTest, RoundTripsEveryByteAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= all.size(); n += 7) {
    const std::string bytes = all.substr(0, n);
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_THAT(text, MatchesRegex("[A-Za-z0-9_-]*"));
    EXPECT_THAT(Base64UrlDecode(text), Optional(bytes)) << "length " << n;
  }
  const std::string random = RandomBytes(1000);
  EXPECT_THAT(Base64UrlDecode(Base64UrlEncode(random)), Optional(random));
}

TEST(Base64UrlTest, RejectsMalformedText) {
  EXPECT_EQ(Base64UrlDecode("Zm9v+g"), std::nullopt);  // standard alphabet
  EXPECT_EQ(Base64UrlDecode("Zm9v/g"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);   // padding
  EXPECT_EQ(Base64UrlDecode("Zm9 v"), std::nullopt);  // whitespace
  EXPECT_EQ(Base64UrlDecode("Zm9vY"), std::nullopt);  // impossible length
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);     // non-zero spare bits
  EXPECT_EQ(Base64UrlDecode(std::string("Zg\0", 3)), std::nullopt);
  EXPECT_THAT(Base64UrlDecode(""), Optional(std::string()));
}

TEST(Sha256HexTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")), Sha256Hex("abc"));
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST(RandomBytesTest, HasRequestedLengthAndVaries) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(33).size(), 33u);
  EXPECT_NE(RandomBytes(16), RandomBytes(16));
}

TEST(NewUuidTest, IsLowercaseVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string uuid = NewUuid();
    EXPECT_THAT(uuid, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                                   "[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace crm::crypto
