#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_SERVICE_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_SERVICE_H_

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "libs/events/watches.h"
#include "libs/pagination/page_token_codec.h"
#include "services/hierarchy/customer_facts.h"
#include "services/hierarchy/hierarchy_store.h"
#include "services/hierarchy/subtree_cache.h"

namespace crm::hierarchy {

struct HierarchyServiceDeps {
  HierarchyStore* store = nullptr;
  const CustomerFactsClient* customers = nullptr;
  SubtreeCache* cache = nullptr;  // null: no cache
  const auth::PrincipalVerifier* verifier = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
  // The hierarchy's own feed (event_handlers.cc).
  events::Outbox* outbox = nullptr;
  events::Watches* watches = nullptr;  // null: List only
  const events::EventCursorCodec* event_cursors = nullptr;
};

// crm.hierarchy.v1.HierarchyService: validation at the edge, customers
// checked with the customer service, trees changed by the store.
class HierarchyService final : public v1::HierarchyService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  explicit HierarchyService(HierarchyServiceDeps deps) : deps_(deps) {}

  Reactor* CreateGroup(Context*, const v1::CreateGroupRequest*, v1::Node*) override;
  Reactor* AttachNode(Context*, const v1::AttachNodeRequest*, v1::Node*) override;
  Reactor* GetNode(Context*, const v1::GetNodeRequest*, v1::Node*) override;
  Reactor* ListChildren(Context*, const v1::ListChildrenRequest*,
                        v1::ListChildrenResponse*) override;
  Reactor* ListSubtree(Context*, const v1::ListSubtreeRequest*, v1::ListSubtreeResponse*) override;
  Reactor* MoveNode(Context*, const v1::MoveNodeRequest*, v1::Node*) override;
  Reactor* DetachNode(Context*, const v1::DetachNodeRequest*, v1::Node*) override;
  Reactor* DeleteNode(Context*, const v1::DeleteNodeRequest*, v1::DeleteNodeResponse*) override;
  Reactor* FindGroup(Context*, const v1::FindGroupRequest*, v1::FindGroupResponse*) override;
  Reactor* ResolveSubtreeCustomers(Context*, const v1::ResolveSubtreeCustomersRequest*,
                                   v1::ResolveSubtreeCustomersResponse*) override;
  Reactor* GetRollup(Context*, const v1::GetRollupRequest*, v1::Rollup*) override;
  Reactor* ImportStructure(Context*, const v1::ImportStructureRequest*,
                           v1::ImportStructureResponse*) override;
  Reactor* ListHierarchyEvents(Context*, const v1::ListHierarchyEventsRequest*,
                               v1::ListHierarchyEventsResponse*) override;
  grpc::ServerWriteReactor<v1::WatchHierarchyEventsResponse>* WatchHierarchyEvents(
      Context*, const v1::WatchHierarchyEventsRequest*) override;

 private:
  absl::Status ReadSubtree(const v1::ListSubtreeRequest& request, v1::ListSubtreeResponse& page);

  HierarchyServiceDeps deps_;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_SERVICE_H_
