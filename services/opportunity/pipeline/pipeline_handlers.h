#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_PIPELINE_HANDLERS_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_PIPELINE_HANDLERS_H_

#include "absl/status/status.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/clock/clock.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/opportunity/pipeline/committee_contacts.h"
#include "services/opportunity/pipeline/opportunity_store.h"
#include "services/opportunity/rules/stage_transition.h"

namespace crm::opportunity {

struct PipelineDeps {
  OpportunityStore* store = nullptr;
  replicas::CustomerReplica* customers = nullptr;
  const CommitteeContacts* contacts = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
};

// The pipeline's RPCs below the gRPC edge, each read as: validate (every
// violation at once, nothing written) → the store in one transaction with
// scope in its SQL → the response. The facade calls each inside
// request::Serve, which verified the principal and the request_id.
class PipelineHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit PipelineHandlers(PipelineDeps deps) : deps_(deps) {}

  absl::Status CreateOpportunity(const Actor& actor, const v1::CreateOpportunityRequest& request,
                                 v1::Opportunity& response, Violations& violations);
  absl::Status GetOpportunity(const Actor& actor, const v1::GetOpportunityRequest& request,
                              v1::Opportunity& response, Violations& violations);
  absl::Status ListOpportunities(const Actor& actor, const v1::ListOpportunitiesRequest& request,
                                 v1::ListOpportunitiesResponse& response, Violations& violations);
  absl::Status UpdateOpportunity(const Actor& actor, const v1::UpdateOpportunityRequest& request,
                                 v1::Opportunity& response, Violations& violations);
  absl::Status ChangeStage(const Actor& actor, const v1::ChangeStageRequest& request,
                           v1::Opportunity& response, Violations& violations);
  absl::Status WinOpportunity(const Actor& actor, const v1::WinOpportunityRequest& request,
                              v1::Opportunity& response, Violations& violations);
  absl::Status LoseOpportunity(const Actor& actor, const v1::LoseOpportunityRequest& request,
                               v1::Opportunity& response, Violations& violations);
  absl::Status ReopenOpportunity(const Actor& actor, const v1::ReopenOpportunityRequest& request,
                                 v1::Opportunity& response, Violations& violations);
  absl::Status ListOpportunityHistory(const Actor& actor,
                                      const v1::ListOpportunityHistoryRequest& request,
                                      v1::ListOpportunityHistoryResponse& response,
                                      Violations& violations);
  absl::Status GetStageModel(const Actor& actor, const v1::GetStageModelRequest& request,
                             v1::StageModel& response, Violations& violations);
  // hq_admin only.
  absl::Status UpdateStageModel(const Actor& actor, const v1::UpdateStageModelRequest& request,
                                v1::StageModel& response, Violations& violations);

 private:
  // ChangeStage, Win, Lose and Reopen: the request's fields, then the rules'
  // state machine on the opportunity as locked.
  absl::Status Transition(const Actor& actor, const std::string& name, const std::string& etag,
                          const StageTransition& transition, const common::v1::Date& close_date,
                          v1::Opportunity& response, Violations& violations);

  PipelineDeps deps_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_PIPELINE_HANDLERS_H_
