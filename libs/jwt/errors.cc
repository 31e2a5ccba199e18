#include "libs/jwt/errors.h"

#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

constexpr size_t kMaxPrintable = 64;

}  // namespace

absl::Status TokenError(std::string_view reason, std::string_view message,
                        status::Metadata metadata) {
  return status::Error(absl::StatusCode::kUnauthenticated, kErrorDomain, reason, message,
                       std::move(metadata));
}

absl::Status Malformed(std::string_view why) {
  return TokenError(kReasonTokenMalformed, crm::StrCat("the token is malformed (", why,
                                                       "); send a JWT of the form "
                                                       "header.payload.signature as issued by the "
                                                       "identity provider"));
}

absl::Status KeyError(std::string_view kid, std::string_view what) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, kReasonKeyInvalid,
                       kid.empty() ? crm::StrCat("a key without kid: ", what)
                                   : crm::StrCat("key \"", Printable(kid), "\": ", what),
                       {{"kid", std::string(kid)}});
}

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

std::string Printable(std::string_view untrusted) {
  const bool cut = untrusted.size() > kMaxPrintable;
  std::string out = absl::CHexEscape(ToAbsl(untrusted.substr(0, kMaxPrintable)));
  if (cut) out += "...";
  return out;
}

}  // namespace crm::jwt
