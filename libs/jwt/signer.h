#ifndef CRM_LIBS_JWT_SIGNER_H_
#define CRM_LIBS_JWT_SIGNER_H_

// Issues JWTs, for local development (HS256 with a shared secret) and tests
// (RS256 / ES256 with a private key). Production tokens come from the
// identity provider; nothing in a service should sign them.

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {

class Signer final {
 public:
  Signer() = delete;

  // "<header>.<payload>.<HMAC-SHA256>" with header {"alg":"HS256",
  // "typ":"JWT","kid":kid}; an empty `kid` leaves "kid" out. INVALID_ARGUMENT
  // when `payload` is not an object or `secret` is shorter than
  // kMinHmacSecretSize.
  static absl::StatusOr<std::string> SignHs256(std::string_view kid, std::string_view secret,
                                               const nlohmann::json& payload);

  // The same with `alg` "RS256" (an RSA private key of at least 2048 bits)
  // or "ES256" (a P-256 EC private key). INVALID_ARGUMENT for any other
  // `alg`, a key that does not suit it, or a non-object payload.
  static absl::StatusOr<std::string> SignWithKey(std::string_view kid, EVP_PKEY* private_key,
                                                 std::string_view alg,
                                                 const nlohmann::json& payload);
};

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_SIGNER_H_
