#include "services/opportunity/opportunity_service.h"

#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

using Violations = status::FieldViolations;

// A capability not wired into this build (yet).
absl::Status NotServed(std::string_view method, std::string_view capability) {
  return status::Error(absl::StatusCode::kUnimplemented, kDomain, "NOT_IMPLEMENTED",
                       crm::StrCat(method,
                                   " is not served by this build of the opportunity "
                                   "service (its ",
                                   capability, " are missing)"),
                       {{"method", std::string(method)}});
}

}  // namespace

OpportunityService::Reactor* OpportunityService::CreateOpportunity(
    Context* context, const v1::CreateOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "CreateOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->CreateOpportunity(actor, *request, *response,
                                                                   violations);
                        });
}

OpportunityService::Reactor* OpportunityService::GetOpportunity(
    Context* context, const v1::GetOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "GetOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->GetOpportunity(actor, *request, *response,
                                                                violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ListOpportunities(
    Context* context, const v1::ListOpportunitiesRequest* request,
    v1::ListOpportunitiesResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListOpportunities", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->ListOpportunities(actor, *request, *response,
                                                                   violations);
                        });
}

OpportunityService::Reactor* OpportunityService::UpdateOpportunity(
    Context* context, const v1::UpdateOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "UpdateOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->UpdateOpportunity(actor, *request, *response,
                                                                   violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ChangeStage(Context* context,
                                                             const v1::ChangeStageRequest* request,
                                                             v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "ChangeStage", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->ChangeStage(actor, *request, *response,
                                                             violations);
                        });
}

OpportunityService::Reactor* OpportunityService::WinOpportunity(
    Context* context, const v1::WinOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "WinOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->WinOpportunity(actor, *request, *response,
                                                                violations);
                        });
}

OpportunityService::Reactor* OpportunityService::LoseOpportunity(
    Context* context, const v1::LoseOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "LoseOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->LoseOpportunity(actor, *request, *response,
                                                                 violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ReopenOpportunity(
    Context* context, const v1::ReopenOpportunityRequest* request, v1::Opportunity* response) {
  return request::Serve(context, *deps_.verifier, "ReopenOpportunity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->ReopenOpportunity(actor, *request, *response,
                                                                   violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ListOpportunityHistory(
    Context* context, const v1::ListOpportunityHistoryRequest* request,
    v1::ListOpportunityHistoryResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListOpportunityHistory", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->ListOpportunityHistory(actor, *request, *response,
                                                                        violations);
                        });
}

OpportunityService::Reactor* OpportunityService::GetStageModel(
    Context* context, const v1::GetStageModelRequest* request, v1::StageModel* response) {
  return request::Serve(context, *deps_.verifier, "GetStageModel", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->GetStageModel(actor, *request, *response,
                                                               violations);
                        });
}

OpportunityService::Reactor* OpportunityService::UpdateStageModel(
    Context* context, const v1::UpdateStageModelRequest* request, v1::StageModel* response) {
  return request::Serve(context, *deps_.verifier, "UpdateStageModel", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          return deps_.pipeline->UpdateStageModel(actor, *request, *response,
                                                                  violations);
                        });
}

OpportunityService::Reactor* OpportunityService::CreateActivity(
    Context* context, const v1::CreateActivityRequest* request, v1::Activity* response) {
  return request::Serve(context, *deps_.verifier, "CreateActivity", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          if (deps_.activities == nullptr)
                            return NotServed("CreateActivity", "activities handlers");
                          return deps_.activities->CreateActivity(actor, *request, *response,
                                                                  violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ListActivities(
    Context* context, const v1::ListActivitiesRequest* request,
    v1::ListActivitiesResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListActivities", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          if (deps_.activities == nullptr)
                            return NotServed("ListActivities", "activities handlers");
                          return deps_.activities->ListActivities(actor, *request, *response,
                                                                  violations);
                        });
}

OpportunityService::Reactor* OpportunityService::ListStaleOpportunities(
    Context* context, const v1::ListStaleOpportunitiesRequest* request,
    v1::ListStaleOpportunitiesResponse* response) {
  return request::Serve(context, *deps_.verifier, "ListStaleOpportunities", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          if (deps_.stale == nullptr)
                            return NotServed("ListStaleOpportunities", "stale handlers");
                          return deps_.stale->ListStaleOpportunities(actor, *request, *response,
                                                                     violations);
                        });
}

OpportunityService::Reactor* OpportunityService::GetFunnel(Context* context,
                                                           const v1::GetFunnelRequest* request,
                                                           v1::Funnel* response) {
  return request::Serve(context, *deps_.verifier, "GetFunnel", *request,
                        [&](const request::Actor& actor, Violations& violations) {
                          if (deps_.funnel == nullptr)
                            return NotServed("GetFunnel", "funnel handlers");
                          return deps_.funnel->GetFunnel(actor, *request, *response, violations);
                        });
}

}  // namespace crm::opportunity
