#include "services/hierarchy/hierarchy_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "libs/auth/data_scope.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::hierarchy {
absl::StatusOr<int32_t> ParseOwnershipPercent(std::string_view text) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(crm::StrCat(
        Quote(text), " is not a percentage from 0 to 100 with at most two decimals, e.g. 51.25"));
  };
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
  };
  if (whole.empty() || whole.size() > 3 || !all_digits(whole) || fraction.size() > 2 ||
      !all_digits(fraction) || (dot != std::string_view::npos && fraction.empty())) {
    return bad();
  }
  int32_t units = 0;
  for (const char c : whole) units = units * 10 + (c - '0');
  int32_t hundredths = 0;
  for (size_t i = 0; i < 2; ++i) {
    hundredths = hundredths * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  const int32_t basis_points = units * 100 + hundredths;
  if (basis_points > 10000) return bad();
  return basis_points;
}

std::string FormatOwnershipPercent(int32_t basis_points) {
  return absl::StrFormat("%d.%02d", basis_points / 100, basis_points % 100);
}

std::optional<std::string> EdgeError(v1::Node::Kind kind, v1::EdgeType edge,
                                     std::optional<int32_t> ownership_basis_points) {
  const bool customer = kind == v1::Node::CUSTOMER;
  switch (edge) {
    case v1::WHOLLY_OWNED:
    case v1::CONTROLLED:
    case v1::AFFILIATE:
    case v1::BRANCH:
      if (!customer) return "a department or business line hangs by a DEPARTMENT edge";
      break;
    case v1::DEPARTMENT:
      if (customer) {
        return "a customer hangs by a WHOLLY_OWNED, CONTROLLED, AFFILIATE or BRANCH edge";
      }
      break;
    default: {
      const std::string_view use =
          customer ? "use one of WHOLLY_OWNED, CONTROLLED, AFFILIATE or BRANCH" : "use DEPARTMENT";
      if (edge == v1::EDGE_TYPE_UNSPECIFIED) return crm::StrCat("required; ", use);
      return crm::StrCat(static_cast<int>(edge), " is not a known EdgeType; ", use);
    }
  }
  if (!ownership_basis_points.has_value()) return std::nullopt;
  if (edge == v1::BRANCH || edge == v1::DEPARTMENT) {
    return crm::StrCat("a ", v1::EdgeType_Name(edge),
                       " edge has no ownership share; leave ownership_percent empty");
  }
  if (edge == v1::WHOLLY_OWNED && *ownership_basis_points != 10000) {
    return crm::StrCat("a WHOLLY_OWNED edge is 100% owned, not ",
                       FormatOwnershipPercent(*ownership_basis_points), "%");
  }
  return std::nullopt;
}

std::optional<std::string> DateError(std::string_view date) {
  if (date.empty()) return std::nullopt;
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(crm::ToAbsl(date), &day) ||
      absl::FormatCivilTime(day) != crm::ToAbsl(date)) {
    return crm::StrCat(Quote(date), " is not a date like 2024-03-31");
  }
  return std::nullopt;
}

absl::Status RequireOwnerScope(const auth::v1::Principal& caller, std::string_view owner_org_unit,
                               std::string_view what) {
  if (auth::ScopeOf(caller).Contains(owner_org_unit)) return absl::OkStatus();
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "NOT_OWNER",
      crm::StrCat(what, " belongs to ", owner_org_unit.empty() ? "no org unit" : owner_org_unit,
                  "; only HQ or its owner org unit may change where it sits"),
      {{"node", std::string(what)}, {"ownerOrgUnit", std::string(owner_org_unit)}});
}

bool IsWithin(std::string_view path, std::string_view ancestor) {
  return path.starts_with(ancestor) &&
         (path.size() == ancestor.size() || path[ancestor.size()] == '.');
}

}  // namespace crm::hierarchy
