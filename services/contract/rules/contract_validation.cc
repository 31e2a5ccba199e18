#include "services/contract/rules/contract_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"

namespace crm::contract {
namespace {

std::string Field(std::string_view name) { return crm::StrCat("contract.", name); }

bool IsSet(const common::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

// A name `prefix`{uuid}; adds "<field>: '<value>' is not <kind> name like
// <prefix>{uuid}" otherwise.
void CheckUuidName(std::string_view value, std::string_view prefix, std::string_view kind,
                   const std::string& field, status::FieldViolations& violations) {
  if (value.starts_with(prefix) && names::IsUuid(value.substr(prefix.size()))) return;
  violations.Add(
      field, crm::StrCat(field, ": '", value, "' is not ", kind, " name like ", prefix, "{uuid}"));
}

// Above zero, a valid Money; in `currency` when that is a valid code.
void CheckAmount(const common::v1::Money& amount, bool given, const std::string& field,
                 std::string_view currency, status::FieldViolations& violations) {
  if (!given) {
    violations.Add(field, crm::StrCat(field,
                                      ": is required, e.g. {currency_code: \"CNY\", "
                                      "minor_units: 100000000} for 1,000,000.00 CNY"));
    return;
  }
  money::CheckMoney(amount, field, violations);
  if (amount.minor_units() <= 0) {
    const std::string units = crm::StrCat(field, ".minor_units");
    violations.Add(units, crm::StrCat(units, ": must be above zero, got ", amount.minor_units()));
  }
  if (!currency.empty() && money::IsCurrencyCode(amount.currency_code()) &&
      amount.currency_code() != currency) {
    const std::string code = crm::StrCat(field, ".currency_code");
    violations.Add(code, crm::StrCat(code, ": ", amount.currency_code(),
                                     " differs from the contract's currency ", currency));
  }
}

void CheckRequiredDate(const common::v1::Date& date, bool given, const std::string& field,
                       status::FieldViolations& violations) {
  if (!given || !IsSet(date)) {
    violations.Add(field,
                   crm::StrCat(field, ": is required, e.g. {year: 2026, month: 12, day: 31}"));
    return;
  }
  validation::CheckDate(date, field, violations);
}

bool IsLowerHex(std::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

void CheckAttachments(const v1::Contract& c, status::FieldViolations& violations) {
  const std::string field = Field("attachments");
  validation::CheckCount(c.attachments_size(), 0, kMaxAttachments, field, violations);
  for (int i = 0; i < c.attachments_size() && i < static_cast<int>(kMaxAttachments); ++i) {
    const v1::Attachment& a = c.attachments(i);
    const std::string at = crm::StrCat(field, "[", i, "]");
    validation::CheckText(a.display_name(), crm::StrCat(at, ".display_name"), 1,
                          kMaxAttachmentNameChars, validation::Lines::kSingle, violations);
    const std::string uri = crm::StrCat(at, ".uri");
    validation::CheckText(a.uri(), uri, 1, kMaxUriChars, validation::Lines::kSingle, violations);
    if (!a.uri().empty() && !a.uri().starts_with("https://") && !a.uri().starts_with("s3://")) {
      violations.Add(uri, crm::StrCat(uri, ": '", a.uri().substr(0, 100),
                                      "' is not an https:// or s3:// URI"));
    }
    const std::string checksum = crm::StrCat(at, ".checksum");
    constexpr std::string_view kSha256 = "sha256:";
    const std::string_view digits =
        std::string_view(a.checksum()).substr(std::min(a.checksum().size(), kSha256.size()));
    if (!a.checksum().starts_with(kSha256) || digits.size() != 64 || !IsLowerHex(digits)) {
      violations.Add(checksum, crm::StrCat(checksum,
                                           ": must be \"sha256:\" and 64 lower-case hex "
                                           "digits, got '",
                                           a.checksum().substr(0, 80), "'"));
    }
  }
}

void CheckMilestones(const v1::Contract& c, status::FieldViolations& violations) {
  const std::string field = Field("payment_milestones");
  if (c.kind() == v1::FRAMEWORK && c.payment_milestones_size() > 0) {
    violations.Add(field, crm::StrCat(field,
                                      ": a framework has no payment milestones (its "
                                      "executions do), got ",
                                      c.payment_milestones_size()));
    return;
  }
  validation::CheckCount(c.payment_milestones_size(), 0, kMaxMilestones, field, violations);
  const std::string currency =
      money::IsCurrencyCode(c.amount().currency_code()) ? c.amount().currency_code() : "";
  for (int i = 0; i < c.payment_milestones_size() && i < static_cast<int>(kMaxMilestones); ++i) {
    const v1::PaymentMilestone& m = c.payment_milestones(i);
    const std::string at = crm::StrCat(field, "[", i, "]");
    CheckRequiredDate(m.due_date(), m.has_due_date(), crm::StrCat(at, ".due_date"), violations);
    CheckAmount(m.amount(), m.has_amount(), crm::StrCat(at, ".amount"), currency, violations);
    validation::CheckText(m.description(), crm::StrCat(at, ".description"), 0,
                          kMaxMilestoneDescriptionChars, validation::Lines::kSingle, violations);
  }
}

}  // namespace

void ValidateContract(const v1::Contract& c, status::FieldViolations& violations) {
  if (c.kind() != v1::FRAMEWORK && c.kind() != v1::EXECUTION && c.kind() != v1::STANDALONE) {
    violations.Add(Field("kind"),
                   crm::StrCat(Field("kind"), ": is required: FRAMEWORK, EXECUTION or STANDALONE"));
  }
  validation::CheckText(c.title(), Field("title"), 1, kMaxTitleChars, validation::Lines::kSingle,
                        violations);
  names::CustomerIdOr(c.customer(), Field("customer"), violations);
  if (!c.signing_org_unit().empty()) {
    names::OrgUnitIdOr(c.signing_org_unit(), Field("signing_org_unit"), violations);
  }
  if (!c.owner_user().empty()) names::UserIdOr(c.owner_user(), Field("owner_user"), violations);
  CheckAmount(c.amount(), c.has_amount(), Field("amount"), "", violations);
  CheckRequiredDate(c.start_date(), c.has_start_date(), Field("start_date"), violations);
  CheckRequiredDate(c.end_date(), c.has_end_date(), Field("end_date"), violations);
  if (validation::IsValidDate(c.start_date()) && validation::IsValidDate(c.end_date()) &&
      IsSet(c.start_date()) && IsSet(c.end_date()) &&
      validation::ToCivilDay(c.end_date()) < validation::ToCivilDay(c.start_date())) {
    violations.Add(
        Field("end_date"),
        crm::StrCat(Field("end_date"), ": ", validation::FormatDate(c.end_date()),
                    " is before the start date ", validation::FormatDate(c.start_date())));
  }
  validation::CheckText(c.payment_terms(), Field("payment_terms"), 0, kMaxPaymentTermsChars,
                        validation::Lines::kMulti, violations);
  if (!c.opportunity().empty()) {
    CheckUuidName(c.opportunity(), "opportunities/", "an opportunity", Field("opportunity"),
                  violations);
  }
  if (!c.framework().empty()) {
    if (c.kind() != v1::EXECUTION) {
      violations.Add(
          Field("framework"),
          crm::StrCat(Field("framework"), ": only an EXECUTION contract draws on a framework"));
    } else {
      CheckUuidName(c.framework(), "contracts/", "a contract", Field("framework"), violations);
    }
  }
  CheckAttachments(c, violations);
  CheckMilestones(c, violations);
}

void CheckContractAmount(const common::v1::Money& amount, const std::string& field,
                         status::FieldViolations& violations) {
  CheckAmount(amount, true, field, "", violations);
}

}  // namespace crm::contract
