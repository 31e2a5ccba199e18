#ifndef CRM_TOOLS_CRMCTL_TREE_DRAWING_H_
#define CRM_TOOLS_CRMCTL_TREE_DRAWING_H_

#include <functional>
#include <string>
#include <vector>

#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::crmctl {

// The text of one node's line, e.g. "杭州分公司  branch  owner orgUnits/x".
using NodeLabel = std::function<std::string(const hierarchy::v1::Node&)>;

// Draws nodes listed breadth-first, as ListSubtree returns them, as a tree
// with box-drawing connectors, one line per node:
//
//   浙江能源集团有限公司
//   ├── 浙江能源销售有限公司
//   │   └── 杭州分公司
//   └── 宁波港务有限公司
//
// Each node hangs under the node its `parent` names, children in the order
// listed. The nodes of the shallowest `depth` listed start the lines (one
// tree each). A node whose parent is not in the list (a listing cut short)
// is not dropped: it hangs under a line "… nodes/P  (not listed)" for its
// parent, after the trees. A node listed twice is drawn once; nodes whose
// parents form a loop are drawn as trees of their own, noting the parent.
// Pure: the same nodes give the same lines. Control characters in a label
// become spaces, so each node is exactly one line.
std::vector<std::string> DrawTree(
    const google::protobuf::RepeatedPtrField<hierarchy::v1::Node>& nodes, const NodeLabel& label);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_TREE_DRAWING_H_
