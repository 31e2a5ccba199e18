#include "libs/jwt/verifier.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "libs/jwt/errors.h"
#include "libs/jwt/signature.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {

Verifier::Verifier(KeySet keys, VerifierOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {}

absl::StatusOr<Claims> Verifier::Verify(std::string_view token, absl::Time now) const {
  absl::StatusOr<Token> parsed = ParseToken(token);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<const Key*> key = SelectKey(*parsed);
  if (!key.ok()) return key.status();
  if (!VerifySignature(**key, parsed->signing_input, parsed->signature)) {
    return TokenError(
        kReasonSignatureInvalid,
        crm::StrCat("the token's signature does not verify with key \"", Printable((*key)->kid()),
                    "\"; the token was altered or signed by another issuer"),
        {{"kid", (*key)->kid()}});
  }
  absl::StatusOr<nlohmann::json> payload = ParseJsonObject(parsed->payload, "payload");
  if (!payload.ok()) return payload.status();
  absl::StatusOr<Claims> claims = ParseClaims(*std::move(payload));
  if (!claims.ok()) return claims.status();
  if (absl::Status status = CheckClaims(*claims, now); !status.ok()) {
    return status;
  }
  return claims;
}

absl::StatusOr<const Key*> Verifier::SelectKey(const Token& token) const {
  const std::string_view alg = AlgorithmName(token.algorithm);
  if (!token.kid.has_value()) {
    const std::vector<const Key*> candidates = keys_.KeysFor(token.algorithm);
    if (candidates.size() == 1) return candidates.front();
    return TokenError(kReasonKeyUnknown,
                      crm::StrCat("the token names no key (kid) and ",
                                  candidates.empty() ? "no" : "more than one", " ", alg,
                                  " key is configured; tokens must carry the kid of a key "
                                  "in the key set"),
                      {{"alg", std::string(alg)}});
  }
  const Key* key = keys_.Find(*token.kid);
  if (key == nullptr) {
    return TokenError(kReasonKeyUnknown,
                      crm::StrCat("no key with kid \"", Printable(*token.kid),
                                  "\" is configured; the issuer may have rotated its keys, "
                                  "so refresh the JWKS"),
                      {{"kid", Printable(*token.kid)}});
  }
  // The token does not get to choose how a key is used: an RSA public key
  // fed to HMAC as a secret would let anyone who has it sign tokens.
  if (key->algorithm() != token.algorithm) {
    return TokenError(kReasonAlgorithmNotAllowed,
                      crm::StrCat("the token says ", alg, " but key \"", Printable(key->kid()),
                                  "\" is an ", AlgorithmName(key->algorithm()), " key"),
                      {{"kid", key->kid()},
                       {"alg", std::string(alg)},
                       {"keyAlg", std::string(AlgorithmName(key->algorithm()))}});
  }
  return key;
}

absl::Status Verifier::CheckClaims(const Claims& claims, absl::Time now) const {
  const std::string skew = absl::FormatDuration(options_.clock_skew);
  if (claims.expire_time + options_.clock_skew < now) {
    const std::string when = Rfc3339(claims.expire_time);
    return TokenError(kReasonExpired,
                      crm::StrCat("token expired at ", when, " (clock skew ", skew,
                                  "); sign in again for a fresh token"),
                      {{"expireTime", when}, {"clockSkew", skew}});
  }
  if (claims.not_before.has_value() && *claims.not_before - options_.clock_skew > now) {
    const std::string when = Rfc3339(*claims.not_before);
    return TokenError(kReasonNotYetValid,
                      crm::StrCat("token is not valid before ", when, " (clock skew ", skew,
                                  "); check that this host's clock and the "
                                  "issuer's are synchronised"),
                      {{"notBefore", when}, {"clockSkew", skew}});
  }
  // A missing "iss" never matches, even an empty configured issuer.
  if (!claims.extra.contains("iss") || claims.issuer != options_.issuer) {
    return TokenError(
        kReasonIssuerMismatch,
        claims.extra.contains("iss")
            ? crm::StrCat("token issuer \"", Printable(claims.issuer),
                          "\" is not the expected issuer \"", options_.issuer, "\"")
            : crm::StrCat("token has no issuer (iss); expected \"", options_.issuer, "\""),
        {{"expectedIssuer", options_.issuer}});
  }
  const std::vector<std::string> audiences = Audiences(claims.extra);
  if (std::find(audiences.begin(), audiences.end(), options_.audience) == audiences.end()) {
    return TokenError(
        kReasonAudienceMismatch,
        crm::StrCat("token is not meant for audience \"", options_.audience, "\" (its aud claim ",
                    audiences.empty() ? "is missing" : "does not list it",
                    "); request a token for this audience"),
        {{"expectedAudience", options_.audience}});
  }
  return absl::OkStatus();
}

}  // namespace crm::jwt
