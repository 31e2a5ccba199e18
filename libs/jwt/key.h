#ifndef CRM_LIBS_JWT_KEY_H_
#define CRM_LIBS_JWT_KEY_H_

#include <openssl/evp.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/jwt/algorithm.h"
#include "libs/jwt/openssl_ptr.h"

namespace crm::jwt {

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash.
inline constexpr size_t kMinHmacSecretSize = 32;
// Shorter RSA moduli are factorable in practice; longer than OpenSSL's own
// limit would only make verification slow.
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 16384;

// Whether `key` can carry `algorithm`: RS256 needs an RSA key of
// kMinRsaBits..kMaxRsaBits, ES256 an EC key on P-256. INVALID_ARGUMENT
// naming `kid` otherwise. HS256 has no EVP_PKEY and is always refused here.
absl::Status CheckAsymmetricKey(std::string_view kid, Algorithm algorithm, const EVP_PKEY* key);

// One verification key: an id, the one algorithm it may be used with, and
// either a shared secret (HS256) or a public key (RS256, ES256). Binding the
// algorithm to the key, instead of trusting the token's "alg", is what stops
// an RS256 public key being used as an HMAC secret. Move-only.
class Key final {
 public:
  // INVALID_ARGUMENT when `kid` is empty or `secret` is shorter than
  // kMinHmacSecretSize.
  static absl::StatusOr<Key> Hmac(std::string kid, std::string secret);

  // INVALID_ARGUMENT when `kid` is empty or CheckAsymmetricKey refuses `key`.
  static absl::StatusOr<Key> Public(std::string kid, Algorithm algorithm, EvpPkeyPtr key);

  Key(Key&&) = default;
  // Swaps, so the old secret is wiped when `other` is destroyed.
  Key& operator=(Key&& other) noexcept;
  // Wipes the secret, so it does not linger in freed memory.
  ~Key();

  const std::string& kid() const { return kid_; }
  Algorithm algorithm() const { return algorithm_; }
  // The shared secret; empty unless algorithm() is kHs256.
  const std::string& secret() const { return secret_; }
  // The public key; null when algorithm() is kHs256. OpenSSL allows using
  // one EVP_PKEY from several threads as long as nobody modifies it.
  EVP_PKEY* public_key() const { return public_key_.get(); }

 private:
  Key(std::string kid, Algorithm algorithm, std::string secret, EvpPkeyPtr public_key);

  std::string kid_;
  Algorithm algorithm_;
  std::string secret_;
  EvpPkeyPtr public_key_;
};

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_KEY_H_
