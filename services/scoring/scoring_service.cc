#include "services/scoring/scoring_service.h"

#include <string_view>

#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_database.h"
#if CRM_SCORING_HAS_FACTS
#include "services/scoring/facts/facts_handlers.h"
#endif
#if CRM_SCORING_HAS_OVERVIEW
#include "services/scoring/overview/overview_handlers.h"
#endif
#if CRM_SCORING_HAS_SCORECARD
#include "services/scoring/scorecard/scorecard_handlers.h"
#endif
#if CRM_SCORING_HAS_SCORES
#include "services/scoring/scores/scoring_policy_handlers.h"
#endif
#if CRM_SCORING_HAS_SURVEYS
#include "services/scoring/surveys/survey_handlers.h"
#endif
#if CRM_SCORING_HAS_TIERS
#include "services/scoring/tiers/tier_handlers.h"
#endif
#if CRM_SCORING_HAS_WARNINGS
#include "services/scoring/warnings/warning_handlers.h"
#endif

namespace crm::scoring {
namespace {

using Violations = status::FieldViolations;

// A method whose capability this build does not hold.
[[maybe_unused]] absl::Status Unimplemented(std::string_view method) {
  return status::Error(
      absl::StatusCode::kUnimplemented, kErrorDomain, "NOT_IMPLEMENTED",
      crm::StrCat("crm.scoring.v1.ScoringService/", method, " is not served by this build"),
      {{"method", std::string(method)}});
}

}  // namespace

ScoringService::Reactor* ScoringService::GetCustomerOverview(
    Context* context, const v1::GetCustomerOverviewRequest* request,
    v1::CustomerOverview* response) {
  return request::Serve(context, *deps_.verifier, "GetCustomerOverview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_OVERVIEW
                          if (deps_.overview == nullptr)
                            return Unimplemented("GetCustomerOverview");
                          return deps_.overview->GetCustomerOverview(actor, *request, *response,
                                                                     violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetCustomerOverview");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetGroupOverview(
    Context* context, const v1::GetGroupOverviewRequest* request, v1::GroupOverview* response) {
  return request::Serve(context, *deps_.verifier, "GetGroupOverview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_OVERVIEW
                          if (deps_.overview == nullptr) return Unimplemented("GetGroupOverview");
                          return deps_.overview->GetGroupOverview(actor, *request, *response,
                                                                  violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetGroupOverview");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListAtRiskCustomers(
    Context* context, const v1::ListAtRiskCustomersRequest* request,
    v1::ListAtRiskCustomersResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListAtRiskCustomers", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_OVERVIEW
                          if (deps_.overview == nullptr)
                            return Unimplemented("ListAtRiskCustomers");
                          return deps_.overview->ListAtRiskCustomers(actor, *request, *response,
                                                                     violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListAtRiskCustomers");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetCustomerFacts(
    Context* context, const v1::GetCustomerFactsRequest* request, v1::CustomerFacts* response) {
  return request::Serve(context, *deps_.verifier, "GetCustomerFacts", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_FACTS
                          if (deps_.facts == nullptr) return Unimplemented("GetCustomerFacts");
                          return deps_.facts->GetCustomerFacts(actor, *request, *response,
                                                               violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetCustomerFacts");
#endif
                        });
}

ScoringService::Reactor* ScoringService::UpdateScoringProfile(
    Context* context, const v1::UpdateScoringProfileRequest* request,
    v1::ScoringProfile* response) {
  return request::Serve(context, *deps_.verifier, "UpdateScoringProfile", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORES
                          if (deps_.policy == nullptr) return Unimplemented("UpdateScoringProfile");
                          return deps_.policy->UpdateScoringProfile(actor, *request, *response,
                                                                    violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("UpdateScoringProfile");
#endif
                        });
}

ScoringService::Reactor* ScoringService::StartFactsRebuild(
    Context* context, const v1::StartFactsRebuildRequest* request, v1::FactsRebuild* response) {
  return request::Serve(context, *deps_.verifier, "StartFactsRebuild", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_FACTS
                          if (deps_.facts == nullptr) return Unimplemented("StartFactsRebuild");
                          return deps_.facts->StartFactsRebuild(actor, *request, *response,
                                                                violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("StartFactsRebuild");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetFactsRebuild(Context* context,
                                                         const v1::GetFactsRebuildRequest* request,
                                                         v1::FactsRebuild* response) {
  return request::Serve(context, *deps_.verifier, "GetFactsRebuild", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_FACTS
                          if (deps_.facts == nullptr) return Unimplemented("GetFactsRebuild");
                          return deps_.facts->GetFactsRebuild(actor, *request, *response,
                                                              violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetFactsRebuild");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetScoringPolicy(
    Context* context, const v1::GetScoringPolicyRequest* request, v1::ScoringPolicy* response) {
  return request::Serve(context, *deps_.verifier, "GetScoringPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORES
                          if (deps_.policy == nullptr) return Unimplemented("GetScoringPolicy");
                          return deps_.policy->GetScoringPolicy(actor, *request, *response,
                                                                violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetScoringPolicy");
#endif
                        });
}

ScoringService::Reactor* ScoringService::UpdateScoringPolicy(
    Context* context, const v1::UpdateScoringPolicyRequest* request, v1::ScoringPolicy* response) {
  return request::Serve(context, *deps_.verifier, "UpdateScoringPolicy", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORES
                          if (deps_.policy == nullptr) return Unimplemented("UpdateScoringPolicy");
                          return deps_.policy->UpdateScoringPolicy(actor, *request, *response,
                                                                   violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("UpdateScoringPolicy");
#endif
                        });
}

ScoringService::Reactor* ScoringService::OpenTierReview(Context* context,
                                                        const v1::OpenTierReviewRequest* request,
                                                        v1::TierReview* response) {
  return request::Serve(context, *deps_.verifier, "OpenTierReview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_TIERS
                          if (deps_.tiers == nullptr) return Unimplemented("OpenTierReview");
                          return deps_.tiers->OpenTierReview(actor, *request, *response,
                                                             violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("OpenTierReview");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetTierReview(Context* context,
                                                       const v1::GetTierReviewRequest* request,
                                                       v1::TierReview* response) {
  return request::Serve(context, *deps_.verifier, "GetTierReview", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_TIERS
                          if (deps_.tiers == nullptr) return Unimplemented("GetTierReview");
                          return deps_.tiers->GetTierReview(actor, *request, *response, violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetTierReview");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListTierProposals(
    Context* context, const v1::ListTierProposalsRequest* request,
    v1::ListTierProposalsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListTierProposals", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_TIERS
                          if (deps_.tiers == nullptr) return Unimplemented("ListTierProposals");
                          return deps_.tiers->ListTierProposals(actor, *request, *response,
                                                                violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListTierProposals");
#endif
                        });
}

ScoringService::Reactor* ScoringService::DecideTierProposal(
    Context* context, const v1::DecideTierProposalRequest* request, v1::TierProposal* response) {
  return request::Serve(context, *deps_.verifier, "DecideTierProposal", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_TIERS
                          if (deps_.tiers == nullptr) return Unimplemented("DecideTierProposal");
                          return deps_.tiers->DecideTierProposal(actor, *request, *response,
                                                                 violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("DecideTierProposal");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListTierHistory(Context* context,
                                                         const v1::ListTierHistoryRequest* request,
                                                         v1::ListTierHistoryResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListTierHistory", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_TIERS
                          if (deps_.tiers == nullptr) return Unimplemented("ListTierHistory");
                          return deps_.tiers->ListTierHistory(actor, *request, *response,
                                                              violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListTierHistory");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListChurnWarnings(
    Context* context, const v1::ListChurnWarningsRequest* request,
    v1::ListChurnWarningsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListChurnWarnings", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_WARNINGS
                          if (deps_.warnings == nullptr) return Unimplemented("ListChurnWarnings");
                          return deps_.warnings->ListChurnWarnings(actor, *request, *response,
                                                                   violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListChurnWarnings");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetChurnWarning(Context* context,
                                                         const v1::GetChurnWarningRequest* request,
                                                         v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "GetChurnWarning", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_WARNINGS
                          if (deps_.warnings == nullptr) return Unimplemented("GetChurnWarning");
                          return deps_.warnings->GetChurnWarning(actor, *request, *response,
                                                                 violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetChurnWarning");
#endif
                        });
}

ScoringService::Reactor* ScoringService::RecordRetentionPlan(
    Context* context, const v1::RecordRetentionPlanRequest* request, v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "RecordRetentionPlan", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_WARNINGS
                          if (deps_.warnings == nullptr)
                            return Unimplemented("RecordRetentionPlan");
                          return deps_.warnings->RecordRetentionPlan(actor, *request, *response,
                                                                     violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("RecordRetentionPlan");
#endif
                        });
}

ScoringService::Reactor* ScoringService::RecordRetentionOutcome(
    Context* context, const v1::RecordRetentionOutcomeRequest* request,
    v1::ChurnWarning* response) {
  return request::Serve(context, *deps_.verifier, "RecordRetentionOutcome", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_WARNINGS
                          if (deps_.warnings == nullptr)
                            return Unimplemented("RecordRetentionOutcome");
                          return deps_.warnings->RecordRetentionOutcome(actor, *request, *response,
                                                                        violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("RecordRetentionOutcome");
#endif
                        });
}

ScoringService::Reactor* ScoringService::RecordSurvey(Context* context,
                                                      const v1::RecordSurveyRequest* request,
                                                      v1::Survey* response) {
  return request::Serve(context, *deps_.verifier, "RecordSurvey", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SURVEYS
                          if (deps_.surveys == nullptr) return Unimplemented("RecordSurvey");
                          return deps_.surveys->RecordSurvey(actor, *request, *response,
                                                             violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("RecordSurvey");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListSurveys(Context* context,
                                                     const v1::ListSurveysRequest* request,
                                                     v1::ListSurveysResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListSurveys", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SURVEYS
                          if (deps_.surveys == nullptr) return Unimplemented("ListSurveys");
                          return deps_.surveys->ListSurveys(actor, *request, *response, violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListSurveys");
#endif
                        });
}

ScoringService::Reactor* ScoringService::SetSalesTarget(Context* context,
                                                        const v1::SetSalesTargetRequest* request,
                                                        v1::SalesTarget* response) {
  return request::Serve(context, *deps_.verifier, "SetSalesTarget", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORECARD
                          if (deps_.scorecard == nullptr) return Unimplemented("SetSalesTarget");
                          return deps_.scorecard->SetSalesTarget(actor, *request, *response,
                                                                 violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("SetSalesTarget");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListSalesTargets(
    Context* context, const v1::ListSalesTargetsRequest* request,
    v1::ListSalesTargetsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListSalesTargets", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORECARD
                          if (deps_.scorecard == nullptr) return Unimplemented("ListSalesTargets");
                          return deps_.scorecard->ListSalesTargets(actor, *request, *response,
                                                                   violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListSalesTargets");
#endif
                        });
}

ScoringService::Reactor* ScoringService::GetScorecard(Context* context,
                                                      const v1::GetScorecardRequest* request,
                                                      v1::Scorecard* response) {
  return request::Serve(context, *deps_.verifier, "GetScorecard", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORECARD
                          if (deps_.scorecard == nullptr) return Unimplemented("GetScorecard");
                          return deps_.scorecard->GetScorecard(actor, *request, *response,
                                                               violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("GetScorecard");
#endif
                        });
}

ScoringService::Reactor* ScoringService::ListScorecards(Context* context,
                                                        const v1::ListScorecardsRequest* request,
                                                        v1::ListScorecardsResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListScorecards", *request,
                        [&](const request::Actor& actor, Violations& violations) -> absl::Status {
#if CRM_SCORING_HAS_SCORECARD
                          if (deps_.scorecard == nullptr) return Unimplemented("ListScorecards");
                          return deps_.scorecard->ListScorecards(actor, *request, *response,
                                                                 violations);
#else
                          (void)actor;
                          (void)violations;
                          (void)response;
                          return Unimplemented("ListScorecards");
#endif
                        });
}

}  // namespace crm::scoring
