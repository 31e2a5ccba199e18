#ifndef CRM_LIBS_JWT_VERIFIER_H_
#define CRM_LIBS_JWT_VERIFIER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/jwt/claims.h"
#include "libs/jwt/key.h"
#include "libs/jwt/key_set.h"
#include "libs/jwt/token.h"

namespace crm::jwt {

// Set both issuer and audience: an empty value only matches a token that
// carries that empty value, so a forgotten setting fails closed.
struct VerifierOptions {
  // "iss" must be present and equal this exactly.
  std::string issuer;
  // "aud" (a string or an array) must contain this exactly.
  std::string audience;
  // How far the issuer's clock may differ from ours, both ways.
  absl::Duration clock_skew = absl::Seconds(30);
};

// Checks JWTs signed by the keys of a KeySet. Thread-safe.
//
// Order of checks, each failing with UNAUTHENTICATED and the reason given:
//   1. three base64url parts, a JSON header with a known "alg"
//      (TOKEN_MALFORMED, TOKEN_ALGORITHM_NOT_ALLOWED; see ParseToken);
//   2. the key: by header "kid", or without one the only key for "alg"
//      (TOKEN_KEY_UNKNOWN); the key's algorithm must be "alg"
//      (TOKEN_ALGORITHM_NOT_ALLOWED), so a public key never becomes an HMAC
//      secret;
//   3. the signature (TOKEN_SIGNATURE_INVALID);
//   4. only then the payload: claim types (TOKEN_MALFORMED, see ParseClaims),
//      exp + skew >= now (TOKEN_EXPIRED), nbf - skew <= now
//      (TOKEN_NOT_YET_VALID), iss (TOKEN_ISSUER_MISMATCH), aud
//      (TOKEN_AUDIENCE_MISMATCH).
class Verifier final {
 public:
  Verifier(KeySet keys, VerifierOptions options);

  absl::StatusOr<Claims> Verify(std::string_view token, absl::Time now) const;

 private:
  absl::StatusOr<const Key*> SelectKey(const Token& token) const;
  absl::Status CheckClaims(const Claims& claims, absl::Time now) const;

  KeySet keys_;
  VerifierOptions options_;
};

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_VERIFIER_H_
