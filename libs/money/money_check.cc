#include "libs/money/money_check.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::money {
namespace {

// How many bytes of a bad code a message repeats: enough to recognise it,
// little enough to keep the error small.
constexpr size_t kQuotedBytes = 16;

// `code` in double quotes, escaped so the message stays printable ASCII.
std::string Quoted(std::string_view code) {
  const std::string_view shown = CutUtf8(code, kQuotedBytes);
  std::string quoted = crm::StrCat("\"", absl::CHexEscape(ToAbsl(shown)), "\"");
  if (shown.size() < code.size()) crm::StrAppend(&quoted, "… (", code.size(), " bytes)");
  return quoted;
}

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckMoney(const common::v1::Money& money, std::string_view field,
                status::FieldViolations& violations, MoneyRules rules) {
  if (!IsCurrencyCode(money.currency_code())) {
    const std::string path = crm::StrCat(field, ".currency_code");
    std::string description =
        money.currency_code().empty()
            ? crm::StrCat(path, ": required: an ISO 4217 code (three upper-case letters, e.g. CNY)")
            : crm::StrCat(path, ": ", Quoted(money.currency_code()),
                          " is not an ISO 4217 code (three upper-case letters, e.g. CNY)");
    violations.Add(path, std::move(description));
  }
  if (rules.non_negative && money.minor_units() < 0) {
    const std::string path = crm::StrCat(field, ".minor_units");
    violations.Add(path, crm::StrCat(path, ": ", money.minor_units(),
                                     " is negative; this amount must be zero or more"));
  }
}

}  // namespace crm::money
