#include "tools/crmctl/hierarchy_values.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

int Number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

absl::StatusOr<std::string> NormalizeOwnershipPercent(std::string_view text) {
  const std::string quoted = crm::StrCat("\"", std::string(text), "\"");
  std::string_view number = text;
  if (number.ends_with('%')) number.remove_suffix(1);
  const size_t point = number.find('.');
  std::string_view whole = number.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : number.substr(point + 1);
  if (!AllDigits(whole) || (point != std::string_view::npos && !AllDigits(fraction))) {
    return absl::InvalidArgumentError(
        crm::StrCat(quoted, " is not a percentage from 0 to 100, e.g. 51.25"));
  }
  if (fraction.size() > 2) {
    return absl::InvalidArgumentError(crm::StrCat(quoted, " has more than two decimals"));
  }
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (whole.size() > 3 || Number(whole) > 100 ||
      (Number(whole) == 100 && fraction.find_first_not_of('0') != std::string_view::npos)) {
    return absl::InvalidArgumentError(crm::StrCat(quoted, " is more than 100"));
  }
  if (fraction.empty()) return std::string(whole);
  return crm::StrCat(std::string(whole), ".", std::string(fraction));
}

absl::Status CheckDate(std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5, 2)) &&
                      AllDigits(text.substr(8, 2));
  if (!shaped) {
    return absl::InvalidArgumentError(
        crm::StrCat("\"", std::string(text), "\" is not a date YYYY-MM-DD, e.g. 2024-07-01"));
  }
  const int year = Number(text.substr(0, 4));
  const int month = Number(text.substr(5, 2));
  const int day = Number(text.substr(8, 2));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError(
        crm::StrCat("\"", std::string(text), "\" is not a day of the calendar"));
  }
  return absl::OkStatus();
}

bool EdgeHasOwnership(v1::EdgeType edge) {
  return edge == v1::WHOLLY_OWNED || edge == v1::CONTROLLED || edge == v1::AFFILIATE;
}

}  // namespace crm::crmctl
