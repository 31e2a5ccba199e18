#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_EVENTS_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_EVENTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "libs/events/event.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::hierarchy {

struct StoredNode;

// The hierarchy's feed (libs/events): its types are HierarchyEvent.Type's
// names, its outbox hierarchy.events, its stream crm:hierarchy:v1:events.
events::FeedOptions HierarchyFeed(absl::Duration settle, absl::Duration retention);

// Records `type` for `node` in `tx`, the transaction that changed it, with
// the node's path as it is now (for NODE_DELETED: as it was) and, for moves
// and detaches, `previous_path` ("1.5.9", the ltree).
void RecordNodeEvent(const events::Outbox& outbox, pqxx::work& tx, v1::HierarchyEvent::Type type,
                     const StoredNode& node, std::string_view previous_path = "");

// "1.5.9" -> {"nodes/1", "nodes/5", "nodes/9"}.
std::vector<std::string> PathNames(std::string_view path);

// An event of the feed as the API shows it.
v1::HierarchyEvent ToProto(const events::Event& event);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_EVENTS_H_
