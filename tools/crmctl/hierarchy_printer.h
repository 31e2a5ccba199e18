#ifndef CRM_TOOLS_CRMCTL_HIERARCHY_PRINTER_H_
#define CRM_TOOLS_CRMCTL_HIERARCHY_PRINTER_H_

#include <ostream>
#include <string>
#include <string_view>

#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::crmctl {

// How a node hangs under its parent, in words: "wholly owned", "controlled",
// "affiliate", "branch", "department", "business line"; "[customer]" (its
// kind) for a node without an edge, such as a root.
std::string EdgeWords(const hierarchy::v1::Node& node);

// A node's line in a tree: display name, edge, ownership and owner, e.g.
// "宁波港务有限公司  controlled 51.25%  owner orgUnits/sub-north".
std::string NodeLine(const hierarchy::v1::Node& node);

// One node as a key-value block, keys named like the proto fields.
void PrintNode(const hierarchy::v1::Node& node, std::ostream& out);

// A subtree as ListSubtree returns it, drawn as a tree (tree_drawing.h) of
// NodeLine lines; the line of the node named `marked`, if any, ends in "◀".
void PrintTree(const google::protobuf::RepeatedPtrField<hierarchy::v1::Node>& nodes,
               std::string_view marked, std::ostream& out);

// The nodes from a root down to a node: "A › B › C", then a table of them.
void PrintPath(const google::protobuf::RepeatedPtrField<hierarchy::v1::Node>& path,
               std::ostream& out);

// A roll-up: name, total and depth, then a table per breakdown given.
void PrintRollup(const hierarchy::v1::Rollup& rollup, std::ostream& out);

// An import's outcome: what was written or checked, or each problem as
// "line N: field: reason", by line.
void PrintImportReport(const hierarchy::v1::ImportStructureResponse& response, int rows,
                       bool validate_only, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HIERARCHY_PRINTER_H_
