#ifndef CRM_LIBS_JWT_JWK_H_
#define CRM_LIBS_JWT_JWK_H_

// JSON Web Keys (RFC 7517, RFC 7518 §6): one JWK object to a verification
// key, and a public key to a JWK object.

#include <openssl/evp.h>

#include <string_view>

#include "absl/status/statusor.h"
#include "libs/jwt/key.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {

// A verification key from one JWK object:
//   {"kty":"RSA","kid":..,"n":..,"e":..}            -> RS256
//   {"kty":"EC","crv":"P-256","kid":..,"x":..,"y":..} -> ES256
//   {"kty":"oct","kid":..,"k":..}                     -> HS256
// "kid" is required; "alg", when present, must be the algorithm above.
// INVALID_ARGUMENT naming the kid and what is wrong: unknown kty or crv, a
// missing or badly encoded member, an RSA key under kMinRsaBits, an EC point
// off the curve, a secret under kMinHmacSecretSize.
absl::StatusOr<Key> KeyFromJwk(const nlohmann::json& jwk);

// The public half of an RSA or P-256 EC key as a JWK object with "kid",
// "alg" (RS256 / ES256) and "use":"sig". Lets tests and local tools publish
// a JWKS for a freshly generated key. INVALID_ARGUMENT for other key types.
absl::StatusOr<nlohmann::json> PublicJwk(std::string_view kid, const EVP_PKEY* key);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_JWK_H_
