#ifndef CRM_SERVICES_OPPORTUNITY_OPPORTUNITY_SERVICE_H_
#define CRM_SERVICES_OPPORTUNITY_OPPORTUNITY_SERVICE_H_

#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "libs/events/watches.h"
#include "services/opportunity/activities/activity_handlers.h"
#include "services/opportunity/funnel/funnel_handlers.h"
#include "services/opportunity/pipeline/pipeline_handlers.h"
#include "services/opportunity/stale/stale_handlers.h"

namespace crm::opportunity {

// Everything the facade calls; owned by the module.
struct OpportunityServiceDeps {
  const auth::PrincipalVerifier* verifier = nullptr;
  PipelineHandlers* pipeline = nullptr;
  // Null: the RPCs of that capability are UNIMPLEMENTED.
  ActivityHandlers* activities = nullptr;
  StaleHandlers* stale = nullptr;
  FunnelHandlers* funnel = nullptr;
  // The feed (ListOpportunityEvents, WatchOpportunityEvents).
  events::Outbox* outbox = nullptr;
  events::Watches* watches = nullptr;
  const events::EventCursorCodec* event_cursors = nullptr;
};

// crm.opportunity.v1.OpportunityService: each unary method is
// request::Serve (the principal verified, the request_id checked) around a
// call into its capability's handler class (pipeline/, activities/, stale/,
// funnel/); the feed's two methods are event_handlers.cc.
class OpportunityService final : public v1::OpportunityService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  explicit OpportunityService(OpportunityServiceDeps deps) : deps_(deps) {}

  Reactor* CreateOpportunity(Context*, const v1::CreateOpportunityRequest*,
                             v1::Opportunity*) override;
  Reactor* GetOpportunity(Context*, const v1::GetOpportunityRequest*, v1::Opportunity*) override;
  Reactor* ListOpportunities(Context*, const v1::ListOpportunitiesRequest*,
                             v1::ListOpportunitiesResponse*) override;
  Reactor* UpdateOpportunity(Context*, const v1::UpdateOpportunityRequest*,
                             v1::Opportunity*) override;
  Reactor* ChangeStage(Context*, const v1::ChangeStageRequest*, v1::Opportunity*) override;
  Reactor* WinOpportunity(Context*, const v1::WinOpportunityRequest*, v1::Opportunity*) override;
  Reactor* LoseOpportunity(Context*, const v1::LoseOpportunityRequest*, v1::Opportunity*) override;
  Reactor* ReopenOpportunity(Context*, const v1::ReopenOpportunityRequest*,
                             v1::Opportunity*) override;
  Reactor* ListOpportunityHistory(Context*, const v1::ListOpportunityHistoryRequest*,
                                  v1::ListOpportunityHistoryResponse*) override;
  Reactor* GetStageModel(Context*, const v1::GetStageModelRequest*, v1::StageModel*) override;
  Reactor* UpdateStageModel(Context*, const v1::UpdateStageModelRequest*, v1::StageModel*) override;
  Reactor* CreateActivity(Context*, const v1::CreateActivityRequest*, v1::Activity*) override;
  Reactor* ListActivities(Context*, const v1::ListActivitiesRequest*,
                          v1::ListActivitiesResponse*) override;
  Reactor* ListStaleOpportunities(Context*, const v1::ListStaleOpportunitiesRequest*,
                                  v1::ListStaleOpportunitiesResponse*) override;
  Reactor* GetFunnel(Context*, const v1::GetFunnelRequest*, v1::Funnel*) override;
  Reactor* ListOpportunityEvents(Context*, const v1::ListOpportunityEventsRequest*,
                                 v1::ListOpportunityEventsResponse*) override;
  grpc::ServerWriteReactor<v1::WatchOpportunityEventsResponse>* WatchOpportunityEvents(
      Context*, const v1::WatchOpportunityEventsRequest*) override;

 private:
  OpportunityServiceDeps deps_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_OPPORTUNITY_SERVICE_H_
