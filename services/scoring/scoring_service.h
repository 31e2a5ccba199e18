#ifndef CRM_SERVICES_SCORING_SCORING_SERVICE_H_
#define CRM_SERVICES_SCORING_SCORING_SERVICE_H_

#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "libs/events/watches.h"

namespace crm::scoring {

class OverviewHandlers;
class FactsHandlers;
class ScoringPolicyHandlers;
class TierHandlers;
class WarningHandlers;
class SurveyHandlers;
class ScorecardHandlers;

// Everything the facade calls; owned by the module.
struct ScoringServiceDeps {
  const auth::PrincipalVerifier* verifier = nullptr;
  OverviewHandlers* overview = nullptr;     // overview/
  FactsHandlers* facts = nullptr;           // facts/
  ScoringPolicyHandlers* policy = nullptr;  // scores/
  TierHandlers* tiers = nullptr;            // tiers/
  WarningHandlers* warnings = nullptr;      // warnings/
  SurveyHandlers* surveys = nullptr;        // surveys/
  ScorecardHandlers* scorecard = nullptr;   // scorecard/
  // The feed (ListScoringEvents, WatchScoringEvents).
  events::Outbox* outbox = nullptr;
  events::Watches* watches = nullptr;
  const events::EventCursorCodec* event_cursors = nullptr;
};

// crm.scoring.v1.ScoringService: each unary method is request::Serve (the
// principal verified, the request_id checked) around a call into its
// capability's handler class (overview/, facts/, scores/, tiers/, warnings/,
// surveys/, scorecard/); the feed's two methods are event_handlers.cc.
class ScoringService final : public v1::ScoringService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  explicit ScoringService(ScoringServiceDeps deps) : deps_(deps) {}

  Reactor* GetCustomerOverview(Context*, const v1::GetCustomerOverviewRequest*,
                               v1::CustomerOverview*) override;
  Reactor* GetGroupOverview(Context*, const v1::GetGroupOverviewRequest*,
                            v1::GroupOverview*) override;
  Reactor* ListAtRiskCustomers(Context*, const v1::ListAtRiskCustomersRequest*,
                               v1::ListAtRiskCustomersResponse*) override;
  Reactor* GetCustomerFacts(Context*, const v1::GetCustomerFactsRequest*,
                            v1::CustomerFacts*) override;
  Reactor* UpdateScoringProfile(Context*, const v1::UpdateScoringProfileRequest*,
                                v1::ScoringProfile*) override;
  Reactor* StartFactsRebuild(Context*, const v1::StartFactsRebuildRequest*,
                             v1::FactsRebuild*) override;
  Reactor* GetFactsRebuild(Context*, const v1::GetFactsRebuildRequest*, v1::FactsRebuild*) override;
  Reactor* GetScoringPolicy(Context*, const v1::GetScoringPolicyRequest*,
                            v1::ScoringPolicy*) override;
  Reactor* UpdateScoringPolicy(Context*, const v1::UpdateScoringPolicyRequest*,
                               v1::ScoringPolicy*) override;
  Reactor* OpenTierReview(Context*, const v1::OpenTierReviewRequest*, v1::TierReview*) override;
  Reactor* GetTierReview(Context*, const v1::GetTierReviewRequest*, v1::TierReview*) override;
  Reactor* ListTierProposals(Context*, const v1::ListTierProposalsRequest*,
                             v1::ListTierProposalsResponse*) override;
  Reactor* DecideTierProposal(Context*, const v1::DecideTierProposalRequest*,
                              v1::TierProposal*) override;
  Reactor* ListTierHistory(Context*, const v1::ListTierHistoryRequest*,
                           v1::ListTierHistoryResponse*) override;
  Reactor* ListChurnWarnings(Context*, const v1::ListChurnWarningsRequest*,
                             v1::ListChurnWarningsResponse*) override;
  Reactor* GetChurnWarning(Context*, const v1::GetChurnWarningRequest*, v1::ChurnWarning*) override;
  Reactor* RecordRetentionPlan(Context*, const v1::RecordRetentionPlanRequest*,
                               v1::ChurnWarning*) override;
  Reactor* RecordRetentionOutcome(Context*, const v1::RecordRetentionOutcomeRequest*,
                                  v1::ChurnWarning*) override;
  Reactor* RecordSurvey(Context*, const v1::RecordSurveyRequest*, v1::Survey*) override;
  Reactor* ListSurveys(Context*, const v1::ListSurveysRequest*, v1::ListSurveysResponse*) override;
  Reactor* SetSalesTarget(Context*, const v1::SetSalesTargetRequest*, v1::SalesTarget*) override;
  Reactor* ListSalesTargets(Context*, const v1::ListSalesTargetsRequest*,
                            v1::ListSalesTargetsResponse*) override;
  Reactor* GetScorecard(Context*, const v1::GetScorecardRequest*, v1::Scorecard*) override;
  Reactor* ListScorecards(Context*, const v1::ListScorecardsRequest*,
                          v1::ListScorecardsResponse*) override;
  Reactor* ListScoringEvents(Context*, const v1::ListScoringEventsRequest*,
                             v1::ListScoringEventsResponse*) override;
  grpc::ServerWriteReactor<v1::WatchScoringEventsResponse>* WatchScoringEvents(
      Context*, const v1::WatchScoringEventsRequest*) override;

 private:
  ScoringServiceDeps deps_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORING_SERVICE_H_
