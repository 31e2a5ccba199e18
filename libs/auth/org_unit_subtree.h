#ifndef CRM_LIBS_AUTH_ORG_UNIT_SUBTREE_H_
#define CRM_LIBS_AUTH_ORG_UNIT_SUBTREE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// What a filter "owned by this org unit or below" stands for, as far as the
// caller's signed principal tells: the services keep no org-unit tree, and
// the signer expands only the caller's own unit to its subtree
// (scope_org_units).
struct OrgUnitSubtree {
  // Every org unit (the caller sees everything and named its own unit, the
  // top of its scope): the filter narrows nothing.
  bool everything = false;
  // Otherwise the units the filter holds (sorted, distinct): the caller's
  // whole scope for its own unit; the named unit alone for another unit
  // (its units below are not known here).
  std::vector<std::string> org_units;
};

// The subtree of `unit` ("orgUnits/{o}") for `principal`'s filter. A unit
// outside the caller's scope is PERMISSION_DENIED (ORG_UNIT_NOT_IN_SCOPE,
// ErrorInfo under `domain`, metadata orgUnit and user) whether or not it
// exists.
absl::StatusOr<OrgUnitSubtree> OrgUnitAndBelow(const v1::Principal& principal,
                                               const std::string& unit, std::string_view domain);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_ORG_UNIT_SUBTREE_H_
