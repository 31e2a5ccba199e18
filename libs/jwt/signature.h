#ifndef CRM_LIBS_JWT_SIGNATURE_H_
#define CRM_LIBS_JWT_SIGNATURE_H_

// JWS signatures (RFC 7518 §3) over a token's signing input, in the JOSE
// encoding: the raw HMAC tag, the RSA signature, or r || s for ECDSA.

#include <openssl/evp.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/jwt/algorithm.h"
#include "libs/jwt/key.h"

namespace crm::jwt {

// An ES256 signature is r and s, 32 big-endian bytes each.
inline constexpr size_t kEs256SignatureSize = 64;

// Whether `signature` is `key`'s signature of `signing_input` under
// key.algorithm(). HS256 tags are compared in constant time; an ES256
// signature of any length but 64 bytes is refused.
bool VerifySignature(const Key& key, std::string_view signing_input, std::string_view signature);

// RS256 or ES256 signature of `signing_input` with a private key, in JOSE
// form. INVALID_ARGUMENT when `key` does not suit `algorithm` (see
// CheckAsymmetricKey) or is not a private key; INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> SignWithPrivateKey(EVP_PKEY* key, Algorithm algorithm,
                                               std::string_view signing_input);

// ECDSA-Sig-Value (DER, as OpenSSL speaks it) <-> JOSE r || s for P-256.
// nullopt when the input is not a well-formed value of the other form.
std::optional<std::string> EcdsaJoseToDer(std::string_view jose);
std::optional<std::string> EcdsaDerToJose(std::string_view der);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_SIGNATURE_H_
