#ifndef CRM_SERVICES_GATEWAY_ORG_RULES_H_
#define CRM_SERVICES_GATEWAY_ORG_RULES_H_

// The rules of the seller organisation, free of I/O: resource names, field
// checks, which kind of org unit may sit under which, and what an
// administrator may reach and grant.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "libs/names/resource_names.h"

namespace crm::gateway {

inline constexpr char kOrgDomain[] = "gateway.crm";

// Org unit and user names and ids follow the suite's one rule set: org unit
// ids 2-40 of [a-z0-9-] starting with a letter, user ids (the token's "sub")
// 2-64 of [a-z0-9._-] starting with a letter or digit.
using names::OrgUnitIdError;
using names::OrgUnitName;
using names::ParseOrgUnitName;
using names::ParseUserName;
using names::UserIdError;
using names::UserName;

// Ids and roles are validated to hold no commas, so a list of them joined
// with ',' (array_to_string in SQL) splits back exactly.
std::vector<std::string> SplitIdList(std::string_view joined);

// Each returns what is wrong with a value (to follow "field: "), or nothing.
// 1-100 characters, no control characters.
std::optional<std::string> DisplayNameError(std::string_view name);
// Empty, or local@domain without spaces, at most 254 bytes.
std::optional<std::string> EmailError(std::string_view email);
// At least one, each a known role, none twice.
std::optional<std::string> RolesError(const std::vector<std::string>& roles);
// Subsidiaries sit under HQ; teams under HQ, a subsidiary or a team; there is
// one HQ, the root.
std::optional<std::string> ChildKindError(v1::OrgUnit::Kind parent, v1::OrgUnit::Kind child);

// hq_admin reaches the whole organisation; org_admin the subtree of its own
// org unit. `target_path` is the ids from the root to the org unit the
// change is about. PERMISSION_DENIED (OUTSIDE_ORG_SUBTREE) naming `target`
// otherwise.
absl::Status RequireReach(const auth::v1::Principal& actor, std::string_view target,
                          const std::vector<std::string>& target_path);

// Only an HQ administrator grants or removes the HQ roles, hq_admin and
// strategy (HQ's strategy centre approves attributions across the group), or
// changes a user who holds one. PERMISSION_DENIED (ROLE_NOT_GRANTABLE)
// naming the first such role in `roles` otherwise.
absl::Status RequireGrantable(const auth::v1::Principal& actor,
                              const std::vector<std::string>& roles);

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_ORG_RULES_H_
