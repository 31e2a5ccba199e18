#ifndef CRM_LIBS_JWT_ERRORS_H_
#define CRM_LIBS_JWT_ERRORS_H_

// The errors a token verification can end with. All are UNAUTHENTICATED in
// the "auth.crm" domain, so the gateway maps them like the principal errors.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/status/status.h"

namespace crm::jwt {

inline constexpr char kErrorDomain[] = "auth.crm";

inline constexpr char kReasonTokenMalformed[] = "TOKEN_MALFORMED";
inline constexpr char kReasonAlgorithmNotAllowed[] = "TOKEN_ALGORITHM_NOT_ALLOWED";
inline constexpr char kReasonKeyUnknown[] = "TOKEN_KEY_UNKNOWN";
inline constexpr char kReasonSignatureInvalid[] = "TOKEN_SIGNATURE_INVALID";
inline constexpr char kReasonExpired[] = "TOKEN_EXPIRED";
inline constexpr char kReasonNotYetValid[] = "TOKEN_NOT_YET_VALID";
inline constexpr char kReasonIssuerMismatch[] = "TOKEN_ISSUER_MISMATCH";
inline constexpr char kReasonAudienceMismatch[] = "TOKEN_AUDIENCE_MISMATCH";

// Loading a key (JWKS member or development secret) failed: INVALID_ARGUMENT
// with metadata "kid" when the key has one.
inline constexpr char kReasonKeyInvalid[] = "KEY_INVALID";

// UNAUTHENTICATED with an ErrorInfo {reason, kErrorDomain, metadata}.
absl::Status TokenError(std::string_view reason, std::string_view message,
                        status::Metadata metadata = {});

// TOKEN_MALFORMED: "the token is malformed (<why>); ...".
absl::Status Malformed(std::string_view why);

// INVALID_ARGUMENT KEY_INVALID: "key \"<kid>\": <what>" (or "a key without
// kid: <what>").
absl::Status KeyError(std::string_view kid, std::string_view what);

// RFC 3339 in UTC, e.g. "2026-12-02T10:00:00Z".
std::string Rfc3339(absl::Time time);

// A value taken from a token (kid, iss, ...) made safe for a message: C
// escapes for control and non-ASCII bytes, cut to a few dozen characters, so
// a hostile token cannot flood logs or inject line breaks.
std::string Printable(std::string_view untrusted);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_ERRORS_H_
