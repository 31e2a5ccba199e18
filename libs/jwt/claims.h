#ifndef CRM_LIBS_JWT_CLAIMS_H_
#define CRM_LIBS_JWT_CLAIMS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {

// The registered claims (RFC 7519 §4.1) a caller needs, plus the whole
// payload for custom ones.
struct Claims {
  std::string subject;                   // "sub", never empty
  std::string issuer;                    // "iss", empty when absent
  absl::Time expire_time;                // "exp"
  std::optional<absl::Time> not_before;  // "nbf"
  std::optional<absl::Time> issued_at;   // "iat"
  nlohmann::json extra;                  // the whole payload object
};

// Reads the claims out of an authenticated payload object, checking their
// types only (not times, issuer or audience). UNAUTHENTICATED with
// TOKEN_MALFORMED when "sub" is missing, empty or not a string, "exp" is
// missing, "exp", "nbf" or "iat" is not a number of seconds between 1970 and
// 9999, "iss" is not a string, or "aud" is neither a string nor an array of
// strings.
absl::StatusOr<Claims> ParseClaims(nlohmann::json payload);

// The "aud" values of a payload ParseClaims accepted: none, one or many.
std::vector<std::string> Audiences(const nlohmann::json& payload);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_CLAIMS_H_
