#include "libs/jwt/claims.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include "libs/jwt/errors.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

using nlohmann::json;

// 9999-12-31T23:59:59Z: later dates are nonsense and cannot be formatted.
constexpr int64_t kMaxUnixSeconds = 253402300799;

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
std::optional<absl::Time> NumericDate(const json& value) {
  if (value.is_number_unsigned()) {
    const uint64_t seconds = value.get<uint64_t>();
    if (seconds > static_cast<uint64_t>(kMaxUnixSeconds)) return std::nullopt;
    return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
  }
  if (value.is_number_integer()) {
    const int64_t seconds = value.get<int64_t>();
    if (seconds < 0 || seconds > kMaxUnixSeconds) return std::nullopt;
    return absl::FromUnixSeconds(seconds);
  }
  if (value.is_number_float()) {
    const double seconds = value.get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > static_cast<double>(kMaxUnixSeconds)) {
      return std::nullopt;
    }
    return absl::UnixEpoch() + absl::Seconds(seconds);
  }
  return std::nullopt;
}

// An optional NumericDate claim: nullopt when absent, an error when present
// but not a valid date.
absl::StatusOr<std::optional<absl::Time>> OptionalDate(const json& payload, const char* name) {
  const auto it = payload.find(name);
  if (it == payload.end()) return std::optional<absl::Time>();
  std::optional<absl::Time> time = NumericDate(*it);
  if (!time.has_value()) {
    return Malformed(crm::StrCat("claim \"", name, "\" is not a number of seconds since 1970"));
  }
  return time;
}

bool IsStringOrStringArray(const json& value) {
  if (value.is_string()) return true;
  if (!value.is_array()) return false;
  for (const json& item : value) {
    if (!item.is_string()) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Claims> ParseClaims(json payload) {
  if (!payload.is_object()) return Malformed("the payload is not a JSON object");
  Claims claims;

  const auto sub = payload.find("sub");
  if (sub == payload.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return Malformed("claim \"sub\" is missing or not a non-empty string");
  }
  claims.subject = sub->get<std::string>();

  if (const auto iss = payload.find("iss"); iss != payload.end()) {
    if (!iss->is_string()) return Malformed("claim \"iss\" is not a string");
    claims.issuer = iss->get<std::string>();
  }
  if (const auto aud = payload.find("aud"); aud != payload.end() && !IsStringOrStringArray(*aud)) {
    return Malformed("claim \"aud\" is neither a string nor an array of strings");
  }

  absl::StatusOr<std::optional<absl::Time>> exp = OptionalDate(payload, "exp");
  if (!exp.ok()) return exp.status();
  if (!exp->has_value()) return Malformed("claim \"exp\" is missing");
  claims.expire_time = **exp;
  absl::StatusOr<std::optional<absl::Time>> nbf = OptionalDate(payload, "nbf");
  if (!nbf.ok()) return nbf.status();
  claims.not_before = *nbf;
  absl::StatusOr<std::optional<absl::Time>> iat = OptionalDate(payload, "iat");
  if (!iat.ok()) return iat.status();
  claims.issued_at = *iat;

  claims.extra = std::move(payload);
  return claims;
}

std::vector<std::string> Audiences(const json& payload) {
  std::vector<std::string> out;
  const auto aud = payload.find("aud");
  if (aud == payload.end()) return out;
  if (aud->is_string()) {
    out.push_back(aud->get<std::string>());
  } else if (aud->is_array()) {
    for (const json& item : *aud) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

}  // namespace crm::jwt
