#include "libs/jwt/token.h"

#include <utility>

#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {

absl::StatusOr<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view part) {
  // Duplicate members: nlohmann keeps the last one, which RFC 7519 §4
  // allows as an alternative to refusing.
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return Malformed(crm::StrCat("the ", part, " is not a JSON object"));
  }
  return value;
}

absl::StatusOr<Token> ParseToken(std::string_view token) {
  if (token.empty()) return Malformed("the token is empty");
  if (token.size() > kMaxTokenSize) {
    return Malformed(crm::StrCat("the token is longer than ", kMaxTokenSize, " bytes"));
  }
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Malformed("a JWT has exactly three dot-separated parts");
  }
  const std::string_view header_text = token.substr(0, first);
  const std::string_view payload_text = token.substr(first + 1, second - first - 1);
  const std::string_view signature_text = token.substr(second + 1);

  std::optional<std::string> header_json = crypto::Base64UrlDecode(header_text);
  if (!header_json.has_value() || header_json->empty()) {
    return Malformed("the header is not unpadded base64url");
  }
  std::optional<std::string> payload = crypto::Base64UrlDecode(payload_text);
  if (!payload.has_value() || payload->empty()) {
    return Malformed("the payload is not unpadded base64url");
  }
  // Empty is a valid encoding of the empty signature ("alg":"none"); it
  // fails later, with the algorithm error that explains it.
  std::optional<std::string> signature = crypto::Base64UrlDecode(signature_text);
  if (!signature.has_value()) {
    return Malformed("the signature is not unpadded base64url");
  }

  absl::StatusOr<nlohmann::json> header = ParseJsonObject(*header_json, "header");
  if (!header.ok()) return header.status();
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    return Malformed("the header has no \"alg\" string");
  }
  const std::string& alg_name = alg->get_ref<const std::string&>();
  const std::optional<Algorithm> algorithm = ParseAlgorithm(alg_name);
  if (!algorithm.has_value()) {
    return TokenError(kReasonAlgorithmNotAllowed,
                      crm::StrCat("the token's algorithm \"", Printable(alg_name),
                                  "\" is not allowed; only HS256, RS256 and ES256 signed "
                                  "tokens are accepted"),
                      {{"alg", Printable(alg_name)}});
  }
  if (header->contains("crit")) {
    return Malformed(
        "the header lists critical extensions (\"crit\"), "
        "which are not supported");
  }
  std::optional<std::string> kid;
  if (const auto it = header->find("kid"); it != header->end()) {
    if (!it->is_string()) return Malformed("the header's \"kid\" is not a string");
    kid = it->get<std::string>();
  }

  Token out{
      .algorithm = *algorithm,
      .kid = std::move(kid),
      .header = *std::move(header),
      .signing_input = std::string(token.substr(0, second)),
      .payload = *std::move(payload),
      .signature = *std::move(signature),
  };
  return out;
}

}  // namespace crm::jwt
