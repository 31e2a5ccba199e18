#ifndef CRM_SERVICES_COLLABORATION_COLLABORATION_SERVICE_H_
#define CRM_SERVICES_COLLABORATION_COLLABORATION_SERVICE_H_

#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "libs/events/watches.h"

namespace crm::collaboration {

class RequestHandlers;
class BoardHandlers;
class SlaHandlers;
class AttributionHandlers;
class CreditHandlers;

// Everything the facade calls; owned by the module.
struct CollaborationServiceDeps {
  const auth::PrincipalVerifier* verifier = nullptr;
  RequestHandlers* requests = nullptr;
  BoardHandlers* board = nullptr;
  SlaHandlers* sla = nullptr;
  AttributionHandlers* attribution = nullptr;
  CreditHandlers* credit = nullptr;
  // The feed (ListCollaborationEvents, WatchCollaborationEvents).
  events::Outbox* outbox = nullptr;
  events::Watches* watches = nullptr;
  const events::EventCursorCodec* event_cursors = nullptr;
};

// crm.collaboration.v1.CollaborationService: each unary method is
// request::Serve (the principal verified, the request_id checked) around a
// call into its capability's handler class (requests/, board/, sla/,
// attribution/, credit/); the feed's two methods are event_handlers.cc.
class CollaborationService final : public v1::CollaborationService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  explicit CollaborationService(CollaborationServiceDeps deps) : deps_(deps) {}

  Reactor* CreateCollaborationRequest(Context*, const v1::CreateCollaborationRequestRequest*,
                                      v1::CollaborationRequest*) override;
  Reactor* GetCollaborationRequest(Context*, const v1::GetCollaborationRequestRequest*,
                                   v1::CollaborationRequest*) override;
  Reactor* ListCollaborationRequests(Context*, const v1::ListCollaborationRequestsRequest*,
                                     v1::ListCollaborationRequestsResponse*) override;
  Reactor* UpdateCollaborationRequest(Context*, const v1::UpdateCollaborationRequestRequest*,
                                      v1::CollaborationRequest*) override;
  Reactor* AcknowledgeCollaborationRequest(Context*,
                                           const v1::AcknowledgeCollaborationRequestRequest*,
                                           v1::CollaborationRequest*) override;
  Reactor* AdvanceCollaborationRequest(Context*, const v1::AdvanceCollaborationRequestRequest*,
                                       v1::CollaborationRequest*) override;
  Reactor* CancelCollaborationRequest(Context*, const v1::CancelCollaborationRequestRequest*,
                                      v1::CollaborationRequest*) override;
  Reactor* AddCollaborationComment(Context*, const v1::AddCollaborationCommentRequest*,
                                   v1::TimelineEntry*) override;
  Reactor* ListCollaborationTimeline(Context*, const v1::ListCollaborationTimelineRequest*,
                                     v1::ListCollaborationTimelineResponse*) override;
  Reactor* GetCollaborationBoard(Context*, const v1::GetCollaborationBoardRequest*,
                                 v1::CollaborationBoard*) override;
  Reactor* GetSlaPolicy(Context*, const v1::GetSlaPolicyRequest*, v1::SlaPolicy*) override;
  Reactor* UpdateSlaPolicy(Context*, const v1::UpdateSlaPolicyRequest*, v1::SlaPolicy*) override;
  Reactor* GetAttribution(Context*, const v1::GetAttributionRequest*, v1::Attribution*) override;
  Reactor* ListAttributions(Context*, const v1::ListAttributionsRequest*,
                            v1::ListAttributionsResponse*) override;
  Reactor* UpdateAttribution(Context*, const v1::UpdateAttributionRequest*,
                             v1::Attribution*) override;
  Reactor* SubmitAttribution(Context*, const v1::SubmitAttributionRequest*,
                             v1::Attribution*) override;
  Reactor* ApproveAttribution(Context*, const v1::ApproveAttributionRequest*,
                              v1::Attribution*) override;
  Reactor* RejectAttribution(Context*, const v1::RejectAttributionRequest*,
                             v1::Attribution*) override;
  Reactor* DisputeAttribution(Context*, const v1::DisputeAttributionRequest*,
                              v1::Attribution*) override;
  Reactor* AdjustAttribution(Context*, const v1::AdjustAttributionRequest*,
                             v1::Attribution*) override;
  Reactor* ListAttributionHistory(Context*, const v1::ListAttributionHistoryRequest*,
                                  v1::ListAttributionHistoryResponse*) override;
  Reactor* GetAttributionPolicy(Context*, const v1::GetAttributionPolicyRequest*,
                                v1::AttributionPolicy*) override;
  Reactor* UpdateAttributionPolicy(Context*, const v1::UpdateAttributionPolicyRequest*,
                                   v1::AttributionPolicy*) override;
  Reactor* GetCreditReport(Context*, const v1::GetCreditReportRequest*, v1::CreditReport*) override;
  Reactor* ListCollaborationEvents(Context*, const v1::ListCollaborationEventsRequest*,
                                   v1::ListCollaborationEventsResponse*) override;
  grpc::ServerWriteReactor<v1::WatchCollaborationEventsResponse>* WatchCollaborationEvents(
      Context*, const v1::WatchCollaborationEventsRequest*) override;

 private:
  CollaborationServiceDeps deps_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_COLLABORATION_SERVICE_H_
