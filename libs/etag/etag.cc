#include "libs/etag/etag.h"

#include <charconv>

#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm {

std::string EtagOf(int64_t version) { return crm::StrCat("\"", version, "\""); }

std::optional<int64_t> ParseEtag(std::string_view etag) {
  if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"') {
    return std::nullopt;
  }
  const std::string_view digits = etag.substr(1, etag.size() - 2);
  int64_t version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version <= 0) {
    return std::nullopt;
  }
  return version;
}

std::optional<int64_t> ParseEtagField(std::string_view etag, const std::string& field,
                                      status::FieldViolations& violations) {
  if (etag.empty()) return std::nullopt;
  std::optional<int64_t> version = ParseEtag(etag);
  if (!version.has_value()) {
    violations.Add(field,
                   crm::StrCat(field, ": ", Quote(etag), " is not an etag this service issued"));
  }
  return version;
}

std::optional<int64_t> RequiredEtagField(std::string_view etag, const std::string& field,
                                         status::FieldViolations& violations) {
  if (etag.empty()) {
    violations.Add(field, crm::StrCat(field, ": is required; pass the etag of the last read"));
    return std::nullopt;
  }
  return ParseEtagField(etag, field, violations);
}

absl::Status EtagMismatch(std::string_view domain, std::string_view resource, int64_t expected,
                          int64_t actual) {
  return status::Error(
      absl::StatusCode::kAborted, domain, "ETAG_MISMATCH",
      crm::StrCat(resource, " changed since you read it (etag ", EtagOf(expected), ", now ",
                  EtagOf(actual), "); read it again and reapply your change"),
      {{"resource", std::string(resource)},
       {"expectedEtag", EtagOf(expected)},
       {"currentEtag", EtagOf(actual)}});
}

}  // namespace crm
