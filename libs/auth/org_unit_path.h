#ifndef CRM_LIBS_AUTH_ORG_UNIT_PATH_H_
#define CRM_LIBS_AUTH_ORG_UNIT_PATH_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// The org-unit path (root first, ending with the unit) of `unit` for a row
// `principal` creates or hands to it (an opportunity's owner, a contract's
// signer): the caller's own path for its own unit; else, when `unit` is in
// the caller's scope, the caller's path followed by `unit` (the signed
// principal names no other unit's ancestors; a unit in scope sits below the
// caller's). Otherwise PERMISSION_DENIED (ORG_UNIT_NOT_IN_SCOPE, ErrorInfo
// under `domain`) whose message ends with `rule`, e.g. "an opportunity is
// owned by the caller's org unit or one below it".
absl::StatusOr<std::vector<std::string>> OrgUnitPathFor(const v1::Principal& principal,
                                                        const std::string& unit,
                                                        std::string_view domain,
                                                        std::string_view rule);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_ORG_UNIT_PATH_H_
