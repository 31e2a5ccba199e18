#ifndef CRM_LIBS_JWT_TOKEN_H_
#define CRM_LIBS_JWT_TOKEN_H_

// The JWS compact serialization (RFC 7515 §7.1): splitting a token into its
// three base64url parts and reading the header. Nothing here checks a
// signature; the payload stays bytes until someone has.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/jwt/algorithm.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {

// Longer tokens are refused before any decoding or JSON parsing. Real
// tokens are a few kilobytes; gRPC metadata allows 8 KiB by default.
inline constexpr size_t kMaxTokenSize = 32 * 1024;

struct Token {
  Algorithm algorithm;             // header "alg", one of ours
  std::optional<std::string> kid;  // header "kid", when present
  nlohmann::json header;           // the whole header object
  std::string signing_input;       // "<header>.<payload>" exactly as sent
  std::string payload;             // decoded payload, NOT yet authenticated
  std::string signature;           // decoded signature bytes
};

// Splits and decodes `token`. UNAUTHENTICATED with TOKEN_MALFORMED when it
// is empty or too long, does not have exactly three parts, a part is not
// unpadded base64url, the header is not a JSON object, "alg" is missing or
// "kid" is not a string, or the header has "crit" (no extension is
// understood here, so RFC 7515 §4.1.11 requires refusing it);
// TOKEN_ALGORITHM_NOT_ALLOWED when "alg" is not HS256, RS256 or ES256
// (notably "none").
absl::StatusOr<Token> ParseToken(std::string_view token);

// `text` as a JSON object; TOKEN_MALFORMED naming `part` otherwise.
absl::StatusOr<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view part);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_TOKEN_H_
