#include "libs/crypto/aead.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"

namespace crm::crypto {
namespace {

const std::string kKey(32, 'k');
constexpr std::string_view kAd = "contacts/42/phone";

Aead MakeAead(const std::string& key = kKey) {
  absl::StatusOr<Aead> aead = Aead::Create(key);
  EXPECT_TRUE(aead.ok()) << aead.status();
  return *std::move(aead);
}

TEST(AeadTest, RejectsKeysOfTheWrongSize) {
  EXPECT_EQ(Aead::Create("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Aead::Create(std::string(31, 'k')).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Aead::Create(std::string(33, 'k')).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Aead::Create(RandomBytes(32)).ok());
}

TEST(AeadTest, RoundTrips) {
  const Aead aead = MakeAead();
  for (const std::string& plaintext :
       {std::string(), std::string("13812341234"), std::string("上海华信能源科技有限公司"),
        RandomBytes(1000)}) {
    const std::string sealed = aead.Seal(plaintext, kAd);
    EXPECT_EQ(sealed.size(), Aead::kNonceSize + plaintext.size() + Aead::kTagSize);
    absl::StatusOr<std::string> opened = aead.Open(sealed, kAd);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST(AeadTest, CiphertextHidesPlaintextAndUsesFreshNonces) {
  const Aead aead = MakeAead();
  const std::string plaintext = "13812341234";
  const std::string a = aead.Seal(plaintext, kAd);
  const std::string b = aead.Seal(plaintext, kAd);
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(0, Aead::kNonceSize), b.substr(0, Aead::kNonceSize));
  EXPECT_EQ(a.find(plaintext), std::string::npos);
}

TEST(AeadTest, DetectsEveryTamperedByte) {
  const Aead aead = MakeAead();
  const std::string sealed = aead.Seal("13812341234", kAd);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_EQ(aead.Open(tampered, kAd).status().code(), absl::StatusCode::kDataLoss)
        << "byte " << i;
  }
}

TEST(AeadTest, DetectsTruncationAndExtension) {
  const Aead aead = MakeAead();
  const std::string sealed = aead.Seal("13812341234", kAd);
  EXPECT_EQ(aead.Open("", kAd).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(aead.Open(sealed.substr(0, Aead::kNonceSize + Aead::kTagSize - 1), kAd).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(aead.Open(sealed.substr(0, sealed.size() - 1), kAd).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(aead.Open(sealed + "x", kAd).status().code(), absl::StatusCode::kDataLoss);
}

TEST(AeadTest, BindsAssociatedDataAndKey) {
  const Aead aead = MakeAead();
  const std::string sealed = aead.Seal("13812341234", kAd);
  EXPECT_EQ(aead.Open(sealed, "contacts/43/phone").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(aead.Open(sealed, "").status().code(), absl::StatusCode::kDataLoss);
  const Aead other = MakeAead(std::string(32, 'K'));
  EXPECT_EQ(other.Open(sealed, kAd).status().code(), absl::StatusCode::kDataLoss);
}

TEST(AeadTest, CopiesShareTheKey) {
  const Aead aead = MakeAead();
  const Aead copy = aead;  // NOLINT(performance-unnecessary-copy-initialization)
  absl::StatusOr<std::string> opened = copy.Open(aead.Seal("x", kAd), kAd);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "x");
}

}  // namespace
}  // namespace crm::crypto
