#include "services/gateway/org_rules.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/auth/roles.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

bool IsHqAdmin(const auth::v1::Principal& actor) {
  return auth::HasRole(actor, auth::kRoleHqAdmin);
}

}  // namespace

std::vector<std::string> SplitIdList(std::string_view joined) {
  return absl::StrSplit(crm::ToAbsl(joined), ',', absl::SkipEmpty());
}

std::optional<std::string> DisplayNameError(std::string_view name) {
  size_t characters = 0;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++characters;  // not a UTF-8 continuation byte
    if (byte < 0x20 || byte == 0x7F) return "must not contain control characters";
  }
  if (characters == 0) return "is required";
  if (characters > 100) return crm::StrCat("has ", characters, " characters; at most 100");
  return std::nullopt;
}

std::optional<std::string> EmailError(std::string_view email) {
  if (email.empty()) return std::nullopt;
  const size_t at = email.find('@');
  if (email.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string_view::npos ||
      std::any_of(email.begin(), email.end(), [](char c) { return absl::ascii_isspace(c); })) {
    return crm::StrCat(Quote(email), " is not an e-mail address like li.si@example.com");
  }
  return std::nullopt;
}

std::optional<std::string> RolesError(const std::vector<std::string>& roles) {
  if (roles.empty()) return "at least one role is required";
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string& role : roles) {
    if (!auth::IsKnownRole(role)) {
      return crm::StrCat(Quote(role), " is not a role; use one of ", auth::KnownRolesText());
    }
    if (!seen.insert(role).second) return crm::StrCat(Quote(role), " is given twice");
  }
  return std::nullopt;
}

std::optional<std::string> ChildKindError(v1::OrgUnit::Kind parent, v1::OrgUnit::Kind child) {
  switch (child) {
    case v1::OrgUnit::HEADQUARTERS:
      return "there is one HEADQUARTERS, the root; create a SUBSIDIARY or TEAM";
    case v1::OrgUnit::SUBSIDIARY:
      if (parent != v1::OrgUnit::HEADQUARTERS) return "a SUBSIDIARY must sit directly under HQ";
      return std::nullopt;
    case v1::OrgUnit::TEAM:
      return std::nullopt;
    case v1::OrgUnit::KIND_UNSPECIFIED:
      return "required; use SUBSIDIARY or TEAM";
    default:
      return crm::StrCat(static_cast<int>(child), " is not a known Kind; use SUBSIDIARY or TEAM");
  }
}

absl::Status RequireReach(const auth::v1::Principal& actor, std::string_view target,
                          const std::vector<std::string>& target_path) {
  if (IsHqAdmin(actor)) return absl::OkStatus();
  const std::optional<std::string> own = ParseOrgUnitName(actor.org_unit());
  if (auth::HasRole(actor, auth::kRoleOrgAdmin) && own.has_value() &&
      std::find(target_path.begin(), target_path.end(), *own) != target_path.end()) {
    return absl::OkStatus();
  }
  return status::Error(absl::StatusCode::kPermissionDenied, kOrgDomain, "OUTSIDE_ORG_SUBTREE",
                       crm::StrCat(target, " is outside ", actor.org_unit(),
                                   "; an org admin manages only their own org unit's subtree"),
                       {{"target", std::string(target)}, {"orgUnit", actor.org_unit()}});
}

absl::Status RequireGrantable(const auth::v1::Principal& actor,
                              const std::vector<std::string>& roles) {
  if (IsHqAdmin(actor)) return absl::OkStatus();
  for (const std::string& role : roles) {
    if (role != auth::kRoleHqAdmin && role != auth::kRoleStrategy) continue;
    return status::Error(
        absl::StatusCode::kPermissionDenied, kOrgDomain, "ROLE_NOT_GRANTABLE",
        crm::StrCat("only an HQ administrator grants, removes or changes the role ", role),
        {{"role", role}});
  }
  return absl::OkStatus();
}

}  // namespace crm::gateway
