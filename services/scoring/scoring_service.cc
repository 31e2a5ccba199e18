#include "services/scoring/scoring_service.h"

#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "services/scoring/facts/facts_handlers.h"
#include "services/scoring/overview/overview_handlers.h"
#include "services/scoring/scorecard/scorecard_handlers.h"
#include "services/scoring/scores/scoring_policy_handlers.h"
#include "services/scoring/surveys/survey_handlers.h"
#include "services/scoring/tiers/tier_handlers.h"
#include "services/scoring/warnings/warning_handlers.h"

namespace crm::scoring {
namespace {

using Violations = status::FieldViolations;

}  // namespace

ScoringService::Reactor* ScoringService::GetCustomerOverview(
    Context* context, const v1::GetCustomerOverviewRequest* request,
    v1::CustomerOverview* response) {
  return request::Serve(context, *deps_.verifier, "GetCustomerOverview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.overview->GetCustomerOverview(actor, *request, *response,
                                                                     violations);
                        });
}

ScoringService::Reactor* ScoringService::GetGroupOverview(
    Context* context, const v1::GetGroupOverviewRequest* request, v1::GroupOverview* response) {
  return request::Serve(context, *deps_.verifier, "GetGroupOverview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.overview->GetGroupOverview(actor, *request, *response,
                                                                  violations);
                        });
}

ScoringService::Reactor* ScoringService::ListAtRiskCustomers(
    Context* context, const v1::ListAtRiskCustomersRequest* request,
    v1::ListAtRiskCustomersResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListAtRiskCustomers", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.overview->ListAtRiskCustomers(actor, *request, *response,
                                                                     violations);
                        });
}

ScoringService::Reactor* ScoringService::GetCustomerFacts(
    Context* context, const v1::GetCustomerFactsRequest* request, v1::CustomerFacts* response) {
  return request::Serve(context, *deps_.verifier, "GetCustomerFacts", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.facts->GetCustomerFacts(actor, *request, *response,
                                                               violations);
                        });
}

ScoringService::Reactor* ScoringService::UpdateScoringProfile(
    Context* context, const v1::UpdateScoringProfileRequest* request,
    v1::ScoringProfile* response) {
  return request::Serve(context, *deps_.verifier, "UpdateScoringProfile", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.policy->UpdateScoringProfile(actor, *request, *response,
                                                                    violations);
                        });
}

ScoringService::Reactor* ScoringService::StartFactsRebuild(
    Context* context, const v1::StartFactsRebuildRequest* request, v1::FactsRebuild* response) {
  return request::Serve(context, *deps_.verifier, "StartFactsRebuild", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.facts->StartFactsRebuild(actor, *request, *response,
                                                                violations);
                        });
}

ScoringService::Reactor* ScoringService::GetFactsRebuild(Context* context,
                                                         const v1::GetFactsRebuildRequest* request,
                                                         v1::FactsRebuild* response) {
  return request::Serve(context, *deps_.verifier, "GetFactsRebuild", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.facts->GetFactsRebuild(actor, *request, *response,
                                                              violations);
                        });
}

ScoringService::Reactor* ScoringService::GetScoringPolicy(
    Context* context, const v1::GetScoringPolicyRequest* request, v1::ScoringPolicy* response) {
  return request::Serve(context, *deps_.verifier, "GetScoringPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.policy->GetScoringPolicy(actor, *request, *response,
                                                                violations);
                        });
}

ScoringService::Reactor* ScoringService::UpdateScoringPolicy(
    Context* context, const v1::UpdateScoringPolicyRequest* request, v1::ScoringPolicy* response) {
  return request::Serve(context, *deps_.verifier, "UpdateScoringPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.policy->UpdateScoringPolicy(actor, *request, *response,
                                                                   violations);
                        });
}

ScoringService::Reactor* ScoringService::OpenTierReview(Context* context,
                                                        const v1::OpenTierReviewRequest* request,
                                                        v1::TierReview* response) {
  return request::Serve(context, *deps_.verifier, "OpenTierReview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.tiers->OpenTierReview(actor, *request, *response,
                                                             violations);
                        });
}

ScoringService::Reactor* ScoringService::GetTierReview(Context* context,
                                                       const v1::GetTierReviewRequest* request,
                                                       v1::TierReview* response) {
  return request::Serve(context, *deps_.verifier, "GetTierReview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.tiers->GetTierReview(actor, *request, *response, violations);
                        });
}

ScoringService::Reactor* ScoringService::ListTierProposals(
    Context* context, const v1::ListTierProposalsRequest* request,
    v1::ListTierProposalsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListTierProposals", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.tiers->ListTierProposals(actor, *request, *response,
                                                                violations);
                        });
}

ScoringService::Reactor* ScoringService::DecideTierProposal(
    Context* context, const v1::DecideTierProposalRequest* request, v1::TierProposal* response) {
  return request::Serve(context, *deps_.verifier, "DecideTierProposal", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.tiers->DecideTierProposal(actor, *request, *response,
                                                                 violations);
                        });
}

ScoringService::Reactor* ScoringService::ListTierHistory(Context* context,
                                                         const v1::ListTierHistoryRequest* request,
                                                         v1::ListTierHistoryResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListTierHistory", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.tiers->ListTierHistory(actor, *request, *response,
                                                              violations);
                        });
}

ScoringService::Reactor* ScoringService::ListChurnWarnings(
    Context* context, const v1::ListChurnWarningsRequest* request,
    v1::ListChurnWarningsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListChurnWarnings", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.warnings->ListChurnWarnings(actor, *request, *response,
                                                                   violations);
                        });
}

ScoringService::Reactor* ScoringService::GetChurnWarning(Context* context,
                                                         const v1::GetChurnWarningRequest* request,
                                                         v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "GetChurnWarning", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.warnings->GetChurnWarning(actor, *request, *response,
                                                                 violations);
                        });
}

ScoringService::Reactor* ScoringService::RecordRetentionPlan(
    Context* context, const v1::RecordRetentionPlanRequest* request, v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "RecordRetentionPlan", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.warnings->RecordRetentionPlan(actor, *request, *response,
                                                                     violations);
                        });
}

ScoringService::Reactor* ScoringService::RecordRetentionOutcome(
    Context* context, const v1::RecordRetentionOutcomeRequest* request,
    v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "RecordRetentionOutcome", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.warnings->RecordRetentionOutcome(actor, *request, *response,
                                                                        violations);
                        });
}

ScoringService::Reactor* ScoringService::RecordSurvey(Context* context,
                                                      const v1::RecordSurveyRequest* request,
                                                      v1::Survey* response) {
  return request::Serve(context, *deps_.verifier, "RecordSurvey", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.surveys->RecordSurvey(actor, *request, *response,
                                                             violations);
                        });
}

ScoringService::Reactor* ScoringService::ListSurveys(Context* context,
                                                     const v1::ListSurveysRequest* request,
                                                     v1::ListSurveysResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListSurveys", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.surveys->ListSurveys(actor, *request, *response, violations);
                        });
}

ScoringService::Reactor* ScoringService::SetSalesTarget(Context* context,
                                                        const v1::SetSalesTargetRequest* request,
                                                        v1::SalesTarget* response) {
  return request::Serve(context, *deps_.verifier, "SetSalesTarget", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.scorecard->SetSalesTarget(actor, *request, *response,
                                                                 violations);
                        });
}

ScoringService::Reactor* ScoringService::ListSalesTargets(
    Context* context, const v1::ListSalesTargetsRequest* request,
    v1::ListSalesTargetsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListSalesTargets", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.scorecard->ListSalesTargets(actor, *request, *response,
                                                                   violations);
                        });
}

ScoringService::Reactor* ScoringService::GetScorecard(Context* context,
                                                      const v1::GetScorecardRequest* request,
                                                      v1::Scorecard* response) {
  return request::Serve(context, *deps_.verifier, "GetScorecard", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.scorecard->GetScorecard(actor, *request, *response,
                                                               violations);
                        });
}

ScoringService::Reactor* ScoringService::ListScorecards(Context* context,
                                                        const v1::ListScorecardsRequest* request,
                                                        v1::ListScorecardsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListScorecards", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
                          return deps_.scorecard->ListScorecards(actor, *request, *response,
                                                                 violations);
                        });
}

}  // namespace crm::scoring
