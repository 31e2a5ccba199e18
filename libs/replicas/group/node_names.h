#ifndef CRM_LIBS_REPLICAS_GROUP_NODE_NAMES_H_
#define CRM_LIBS_REPLICAS_GROUP_NODE_NAMES_H_

// The hierarchy's node names, "nodes/{node}" with a positive decimal id (no
// leading zero, at most 18 digits), by the same rule as the hierarchy's own
// (services/hierarchy/hierarchy_rules.h), for services that take a group
// node in their requests (e.g. a funnel over a group).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::replicas {

// The id in `name`, or nullopt when it is not a node name.
std::optional<int64_t> ParseNodeName(std::string_view name);

// "nodes/{id}".
std::string NodeName(int64_t id);

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_GROUP_NODE_NAMES_H_
