#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_RULES_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_RULES_H_

// The rules of customer group trees, free of I/O: edges and ownership,
// dates, resource names, and whether one materialised path lies within another
// (a node's path is the ids from its root down to itself, "12.40.41", as
// stored in the ltree column).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "libs/names/resource_names.h"

namespace crm::hierarchy {

inline constexpr char kDomain[] = "hierarchy.crm";

// Node and customer names follow libs/names, the rule every service reads.
using names::NodeName;
using names::ParseCustomerName;
using names::ParseNodeName;

// "51.25" -> 5125 basis points; 0-100 with at most two decimals. The error
// says what is wrong, to follow "field: ".
absl::StatusOr<int32_t> ParseOwnershipPercent(std::string_view text);
// 5125 -> "51.25", 10000 -> "100.00".
std::string FormatOwnershipPercent(int32_t basis_points);

// What is wrong with an edge for a node of `kind`, or nothing: customers hang
// by WHOLLY_OWNED, CONTROLLED, AFFILIATE or BRANCH; departments and business
// lines by DEPARTMENT; an ownership share only on WHOLLY_OWNED (then 100%),
// CONTROLLED or AFFILIATE edges.
std::optional<std::string> EdgeError(v1::Node::Kind kind, v1::EdgeType edge,
                                     std::optional<int32_t> ownership_basis_points);

// "" or a real calendar date "YYYY-MM-DD".
std::optional<std::string> DateError(std::string_view date);

// Changing where a customer's node sits needs HQ or the customer's owner
// org unit in the caller's scope. PERMISSION_DENIED (NOT_OWNER) naming `what`.
absl::Status RequireOwnerScope(const auth::v1::Principal& caller, std::string_view owner_org_unit,
                               std::string_view what);

// True when the "1.2.3" path `path` is `ancestor` or below it.
bool IsWithin(std::string_view path, std::string_view ancestor);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_RULES_H_
