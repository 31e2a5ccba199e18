#include "tools/crmctl/opportunity_values.h"

#include <cstdio>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/hierarchy_values.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

}  // namespace

absl::StatusOr<int32_t> ParsePercentAsBasisPoints(std::string_view text) {
  absl::StatusOr<std::string> percent = NormalizeOwnershipPercent(text);
  if (!percent.ok()) return percent.status();
  // Two decimals of a percent are basis points: parse as if a currency of
  // two decimals.
  absl::StatusOr<int64_t> basis_points = ParseMinorUnits(*percent, "CNY");
  if (!basis_points.ok()) return basis_points.status();
  return static_cast<int32_t>(*basis_points);
}

absl::StatusOr<common::v1::Date> ParseDateFlag(std::string_view text, std::string_view flag) {
  common::v1::Date date;
  if (text.empty()) return date;
  if (absl::Status status = CheckDate(text); !status.ok()) {
    return FlagError(flag, status.message());
  }
  int year = 0;
  int month = 0;
  int day = 0;
  const bool parsed = absl::SimpleAtoi(crm::ToAbsl(text.substr(0, 4)), &year) &&
                      absl::SimpleAtoi(crm::ToAbsl(text.substr(5, 2)), &month) &&
                      absl::SimpleAtoi(crm::ToAbsl(text.substr(8, 2)), &day);
  if (!parsed) return FlagError(flag, crm::StrCat("\"", std::string(text), "\" is not a date"));
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string FormatDate(const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return "";
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return text;
}

absl::StatusOr<v1::ProductLine> ParseProductLine(std::string_view text,
                                                 std::string_view currency_code) {
  const std::string quoted = crm::StrCat("\"", std::string(text), "\"");
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), ':');
  if (parts.size() < 3 || parts.size() > 4 || parts[0].empty()) {
    return FlagError("product", crm::StrCat(quoted,
                                            " is not CODE:QTY:UNIT_PRICE[:DISCOUNT%], e.g. "
                                            "PV-550:200:1250.00:15"));
  }
  v1::ProductLine line;
  line.set_product_code(parts[0]);
  int64_t quantity = 0;
  if (!absl::SimpleAtoi(parts[1], &quantity) || quantity <= 0) {
    return FlagError("product", crm::StrCat(quoted, " has quantity \"", parts[1],
                                            "\"; give a whole number above 0"));
  }
  line.set_quantity(quantity);
  absl::StatusOr<common::v1::Money> price = ParseMoney(parts[2], currency_code);
  if (!price.ok()) {
    return FlagError("product", crm::StrCat(quoted, ": unit price ", price.status().message()));
  }
  *line.mutable_unit_price() = *std::move(price);
  if (parts.size() == 4) {
    absl::StatusOr<int32_t> discount = ParsePercentAsBasisPoints(parts[3]);
    if (!discount.ok()) {
      return FlagError("product", crm::StrCat(quoted, ": discount ", discount.status().message()));
    }
    line.set_discount_bp(*discount);
  }
  return line;
}

absl::StatusOr<v1::CommitteeMember> ParseCommitteeMember(std::string_view text) {
  const std::string quoted = crm::StrCat("\"", std::string(text), "\"");
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), ':');
  if (parts.size() < 2 || parts.size() > 4) {
    return FlagError("committee",
                     crm::StrCat(quoted,
                                 " is not CONTACT:ROLE[:STANCE[:INFLUENCE]], e.g. "
                                 "customers/c1/contacts/k1:decision-maker:supporter:5"));
  }
  absl::StatusOr<std::string> contact = ContactName({parts[0]});
  if (!contact.ok()) return FlagError("committee", contact.status().message());
  absl::StatusOr<v1::CommitteeMember::DecisionRole> role = ParseCommitteeRole(parts[1]);
  if (!role.ok()) return role.status();
  if (*role == v1::CommitteeMember::DECISION_ROLE_UNSPECIFIED) {
    return FlagError("committee",
                     crm::StrCat(quoted, " has no role; use one of ", CommitteeRoleChoices()));
  }
  v1::CommitteeMember member;
  member.set_contact(*contact);
  member.set_role(*role);
  if (parts.size() >= 3) {
    absl::StatusOr<v1::CommitteeMember::Stance> stance = ParseStance(parts[2]);
    if (!stance.ok()) return stance.status();
    member.set_stance(*stance);
  }
  if (parts.size() == 4) {
    int32_t influence = 0;
    if (!absl::SimpleAtoi(parts[3], &influence) || influence < 1 || influence > 5) {
      return FlagError("committee",
                       crm::StrCat(quoted, " has influence \"", parts[3], "\"; give 1 to 5"));
    }
    member.set_influence(influence);
  }
  return member;
}

absl::StatusOr<absl::Time> ParseTimeFlag(std::string_view text, std::string_view flag) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return FlagError(flag, crm::StrCat("\"", std::string(text),
                                       "\" is not a time with an offset, e.g. "
                                       "2026-12-01T10:00:00+08:00"));
  }
  return time;
}

}  // namespace crm::crmctl
