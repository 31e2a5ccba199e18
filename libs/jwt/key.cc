#include "libs/jwt/key.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <utility>

#include "libs/jwt/errors.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

// OpenSSL reports P-256 as "prime256v1"; accept the NIST name too.
bool IsP256(const EVP_PKEY* key) {
  char group[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &length) != 1) {
    return false;
  }
  const std::string_view name(group, length);
  return name == "prime256v1" || name == "P-256";
}

}  // namespace

absl::Status CheckAsymmetricKey(std::string_view kid, Algorithm algorithm, const EVP_PKEY* key) {
  if (key == nullptr) return KeyError(kid, "no key given");
  switch (algorithm) {
    case Algorithm::kHs256:
      return KeyError(kid, "HS256 takes a shared secret, not a public key");
    case Algorithm::kRs256: {
      if (!EVP_PKEY_is_a(key, "RSA")) {
        return KeyError(kid, "RS256 needs an RSA key");
      }
      const int bits = EVP_PKEY_get_bits(key);
      if (bits < kMinRsaBits || bits > kMaxRsaBits) {
        return KeyError(kid, crm::StrCat("the RSA key has ", bits, " bits; RS256 keys must have ",
                                         kMinRsaBits, " to ", kMaxRsaBits, " bits"));
      }
      return absl::OkStatus();
    }
    case Algorithm::kEs256:
      if (!EVP_PKEY_is_a(key, "EC") || !IsP256(key)) {
        return KeyError(kid, "ES256 needs an EC key on the P-256 curve");
      }
      return absl::OkStatus();
  }
  return KeyError(kid, "unknown algorithm");
}

absl::StatusOr<Key> Key::Hmac(std::string kid, std::string secret) {
  if (kid.empty()) return KeyError(kid, "the key id (kid) is empty");
  if (secret.size() < kMinHmacSecretSize) {
    const size_t size = secret.size();
    OPENSSL_cleanse(secret.data(), secret.size());
    return KeyError(kid, crm::StrCat("the HS256 secret is ", size, " bytes; use at least ",
                                     kMinHmacSecretSize, " random bytes"));
  }
  return Key(std::move(kid), Algorithm::kHs256, std::move(secret), nullptr);
}

absl::StatusOr<Key> Key::Public(std::string kid, Algorithm algorithm, EvpPkeyPtr key) {
  if (kid.empty()) return KeyError(kid, "the key id (kid) is empty");
  if (absl::Status status = CheckAsymmetricKey(kid, algorithm, key.get()); !status.ok()) {
    return status;
  }
  return Key(std::move(kid), algorithm, std::string(), std::move(key));
}

Key::Key(std::string kid, Algorithm algorithm, std::string secret, EvpPkeyPtr public_key)
    : kid_(std::move(kid)),
      algorithm_(algorithm),
      secret_(std::move(secret)),
      public_key_(std::move(public_key)) {}

Key& Key::operator=(Key&& other) noexcept {
  std::swap(kid_, other.kid_);
  std::swap(algorithm_, other.algorithm_);
  std::swap(secret_, other.secret_);
  std::swap(public_key_, other.public_key_);
  return *this;
}

Key::~Key() {
  if (!secret_.empty()) OPENSSL_cleanse(secret_.data(), secret_.size());
}

}  // namespace crm::jwt
