#include "tools/crmctl/collaboration_requests.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "libs/clock/quarter.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/collaboration_values.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;

// --etag, or "" for the command to read the current one.
std::string EtagFlagValue(const FlagValues& flags) { return flags.Get("etag").value_or(""); }

absl::StatusOr<std::string> RequestArgument(const Invocation& invocation) {
  return CheckedCollaborationRequestName(invocation.args.at(0));
}

absl::StatusOr<std::string> AttributionArgument(const Invocation& invocation) {
  return CheckedAttributionName(invocation.args.at(0));
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(absl::ToUnixSeconds(time));
  timestamp->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(timestamp->seconds()))));
}

// --FLAG as an org unit name, into `set`; nothing when not given.
template <typename Setter>
absl::Status OrgUnitFlag(const FlagValues& flags, std::string_view flag, Setter set) {
  if (!flags.Has(flag)) return absl::OkStatus();
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get(flag));
  if (!org_unit.ok()) return FlagError(flag, org_unit.status().message());
  set(*org_unit);
  return absl::OkStatus();
}

// --FLAG as a user name, into `set`; nothing when not given.
template <typename Setter>
absl::Status UserFlag(const FlagValues& flags, std::string_view flag, Setter set) {
  if (!flags.Has(flag)) return absl::OkStatus();
  absl::StatusOr<std::string> user = CheckedUserName(*flags.Get(flag));
  if (!user.ok()) return FlagError(flag, user.status().message());
  set(*user);
  return absl::OkStatus();
}

// --FLAG as a time with an offset, into `timestamp`; nothing when not given.
absl::Status TimeFlag(const FlagValues& flags, std::string_view flag,
                      google::protobuf::Timestamp* timestamp) {
  if (!flags.Has(flag)) return absl::OkStatus();
  absl::StatusOr<absl::Time> time = ParseTimeFlag(*flags.Get(flag), flag);
  if (!time.ok()) return time.status();
  SetTimestamp(*time, timestamp);
  return absl::OkStatus();
}

// --page-size and --page-token of a List request.
template <typename Request>
absl::Status ApplyPage(const FlagValues& flags, Request& request) {
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(flags.Get("page-token").value_or(""));
  return absl::OkStatus();
}

// The narrowing list and board share: --customer, --group, --org-unit,
// --urgency, --mine.
template <typename Request>
absl::Status ApplyNarrowing(const FlagValues& flags, Request& request) {
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  }
  if (flags.Has("group")) {
    absl::StatusOr<std::string> node = CheckedNodeName(*flags.Get("group"));
    if (!node.ok()) return FlagError("group", node.status().message());
    request.set_customer_group(*node);
  }
  absl::Status status =
      OrgUnitFlag(flags, "org-unit", [&](std::string name) { request.set_org_unit(name); });
  if (!status.ok()) return status;
  if (flags.Has("urgency")) {
    absl::StatusOr<v1::Urgency> urgency = ParseUrgency(*flags.Get("urgency"), "--urgency");
    if (!urgency.ok()) return urgency.status();
    request.set_urgency(*urgency);
  }
  request.set_mine(flags.IsOn("mine"));
  return absl::OkStatus();
}

// Every --participant, in order.
absl::Status ApplyParticipants(const FlagValues& flags, v1::CollaborationRequest* request) {
  for (const std::string& value : flags.GetAll("participant")) {
    absl::StatusOr<v1::Participant> participant = ParseParticipant(value);
    if (!participant.ok()) return participant.status();
    *request->add_participants() = *std::move(participant);
  }
  return absl::OkStatus();
}

// The contributors of `current` re-scored by --score, --evidence and
// --remove; a usage error when none is given.
absl::StatusOr<std::vector<v1::Contributor>> Rescored(const FlagValues& flags,
                                                      const v1::Attribution& current) {
  std::vector<ScoreFlag> scores;
  for (const std::string& value : flags.GetAll("score")) {
    absl::StatusOr<ScoreFlag> score = ParseScore(value, "score");
    if (!score.ok()) return score.status();
    scores.push_back(*std::move(score));
  }
  std::vector<EvidenceFlag> evidence;
  for (const std::string& value : flags.GetAll("evidence")) {
    absl::StatusOr<EvidenceFlag> item = ParseEvidence(value);
    if (!item.ok()) return item.status();
    evidence.push_back(*std::move(item));
  }
  std::vector<std::string> removed;
  for (const std::string& value : flags.GetAll("remove")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(value);
    if (!org_unit.ok()) return FlagError("remove", org_unit.status().message());
    removed.push_back(*std::move(org_unit));
  }
  if (scores.empty() && evidence.empty() && removed.empty()) {
    return UsageError(
        "nothing to change; give --score ORGUNIT=I,R,P,C, --evidence ORGUNIT=REFERENCE or "
        "--remove ORGUNIT");
  }
  return ApplyScores(current.contributors(), scores, evidence, removed);
}

}  // namespace

absl::StatusOr<v1::CreateCollaborationRequestRequest> BuildCreateCollaborationRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> customer_flag = RequiredFlag(flags, "customer");
  if (!customer_flag.ok()) return customer_flag.status();
  absl::StatusOr<std::string> customer = CustomerName(*customer_flag);
  if (!customer.ok()) return FlagError("customer", customer.status().message());
  absl::StatusOr<std::string> title = RequiredFlag(flags, "title");
  if (!title.ok()) return title.status();
  if (flags.Get("urgency").value_or("").empty()) {
    return UsageError(crm::StrCat("--urgency is required: ", UrgencyChoices()));
  }
  absl::StatusOr<v1::Urgency> urgency = ParseUrgency(*flags.Get("urgency"), "--urgency");
  if (!urgency.ok()) return urgency.status();
  if (!flags.Has("participant")) {
    return UsageError(
        "--participant is required: each org unit asked to help, as ORGUNIT:TASK, e.g. "
        "--participant sub-north:园区光储系统方案设计");
  }
  if (flags.Has("opportunity") && flags.Has("contract")) {
    return UsageError("give --opportunity or --contract, not both");
  }

  v1::CreateCollaborationRequestRequest request;
  v1::CollaborationRequest* created = request.mutable_collaboration_request();
  created->set_customer(*customer);
  created->set_title(*title);
  created->set_description(flags.Get("description").value_or(""));
  created->set_urgency(*urgency);
  if (flags.Has("opportunity")) {
    absl::StatusOr<std::string> opportunity = CheckedOpportunityName(*flags.Get("opportunity"));
    if (!opportunity.ok()) return FlagError("opportunity", opportunity.status().message());
    created->set_opportunity(*opportunity);
  }
  if (flags.Has("contract")) {
    absl::StatusOr<std::string> contract = CheckedContractName(*flags.Get("contract"));
    if (!contract.ok()) return FlagError("contract", contract.status().message());
    created->set_contract(*contract);
  }
  for (absl::Status status :
       {OrgUnitFlag(flags, "requesting-org-unit",
                    [&](std::string name) { created->set_requesting_org_unit(name); }),
        UserFlag(flags, "step-owner", [&](std::string name) { created->set_step_owner(name); }),
        TimeFlag(flags, "step-due", created->mutable_step_due_time()),
        ApplyParticipants(flags, created)}) {
    if (!status.ok()) return status;
  }
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetCollaborationRequestRequest> BuildGetCollaborationRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  v1::GetCollaborationRequestRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListCollaborationRequestsRequest> BuildListCollaborationRequests(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListCollaborationRequestsRequest request;
  for (absl::Status status : {ApplyPage(flags, request), ApplyNarrowing(flags, request)}) {
    if (!status.ok()) return status;
  }
  if (flags.Has("step")) {
    absl::StatusOr<v1::CollaborationStep> step =
        ParseCollaborationStep(*flags.Get("step"), "--step");
    if (!step.ok()) return step.status();
    request.set_step(*step);
  }
  return request;
}

absl::StatusOr<v1::UpdateCollaborationRequestRequest> BuildUpdateCollaborationRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  v1::UpdateCollaborationRequestRequest request;
  v1::CollaborationRequest* changed = request.mutable_collaboration_request();
  google::protobuf::FieldMask* mask = request.mutable_update_mask();
  if (flags.Has("title")) {
    if (flags.Get("title")->empty()) return UsageError("--title cannot be empty");
    changed->set_title(*flags.Get("title"));
    mask->add_paths("title");
  }
  if (flags.Has("description")) {
    changed->set_description(*flags.Get("description"));
    mask->add_paths("description");
  }
  if (flags.Has("urgency")) {
    absl::StatusOr<v1::Urgency> urgency = ParseUrgency(*flags.Get("urgency"), "--urgency");
    if (!urgency.ok()) return urgency.status();
    if (*urgency == v1::URGENCY_UNSPECIFIED) return UsageError("--urgency cannot be empty");
    changed->set_urgency(*urgency);
    mask->add_paths("urgency");
  }
  if (flags.Has("participant")) {
    absl::Status status = ApplyParticipants(flags, changed);
    if (!status.ok()) return status;
    mask->add_paths("participants");
  }
  if (flags.Has("step-owner")) {
    absl::Status status =
        UserFlag(flags, "step-owner", [&](std::string user) { changed->set_step_owner(user); });
    if (!status.ok()) return status;
    mask->add_paths("step_owner");
  }
  if (flags.Has("step-due")) {
    absl::Status status = TimeFlag(flags, "step-due", changed->mutable_step_due_time());
    if (!status.ok()) return status;
    mask->add_paths("step_due_time");
  }
  if (mask->paths().empty()) {
    return UsageError(
        "nothing to update; give one or more of --title, --description, --urgency, "
        "--participant, --step-owner or --step-due");
  }
  changed->set_name(*name);
  changed->set_etag(EtagFlagValue(flags));
  return request;
}

absl::StatusOr<v1::AcknowledgeCollaborationRequestRequest> BuildAcknowledgeCollaborationRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  v1::AcknowledgeCollaborationRequestRequest request;
  request.set_name(*name);
  absl::Status status = OrgUnitFlag(invocation.flags, "org-unit",
                                    [&](std::string org_unit) { request.set_org_unit(org_unit); });
  if (!status.ok()) return status;
  request.set_comment(invocation.flags.Get("comment").value_or(""));
  return request;
}

absl::StatusOr<v1::AdvanceCollaborationRequestRequest> BuildAdvanceCollaborationRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<v1::CollaborationStep> step =
      ParseCollaborationStep(invocation.args.at(1), "STEP");
  if (!step.ok()) return step.status();
  if (*step == v1::COLLABORATION_STEP_UNSPECIFIED) {
    return UsageError(crm::StrCat("STEP is required: ", CollaborationStepChoices()));
  }
  if (*step == v1::CANCELLED) {
    return UsageError("a request is cancelled with \"crmctl collab cancel\" and a --reason");
  }
  v1::AdvanceCollaborationRequestRequest request;
  request.set_name(*name);
  request.set_step(*step);
  for (absl::Status status :
       {UserFlag(flags, "owner", [&](std::string user) { request.set_step_owner(user); }),
        TimeFlag(flags, "due", request.mutable_step_due_time())}) {
    if (!status.ok()) return status;
  }
  request.set_comment(flags.Get("comment").value_or(""));
  request.set_etag(EtagFlagValue(flags));
  return request;
}

absl::StatusOr<v1::CancelCollaborationRequestRequest> BuildCancelCollaborationRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> reason = RequiredFlag(invocation.flags, "reason");
  if (!reason.ok()) return reason.status();
  v1::CancelCollaborationRequestRequest request;
  request.set_name(*name);
  request.set_reason(*reason);
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::AddCollaborationCommentRequest> BuildAddCollaborationComment(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  if (invocation.args.at(1).empty()) return UsageError("the comment cannot be empty");
  v1::AddCollaborationCommentRequest request;
  request.set_parent(*name);
  request.set_comment(invocation.args.at(1));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListCollaborationTimelineRequest> BuildListCollaborationTimeline(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = RequestArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListCollaborationTimelineRequest request;
  request.set_parent(*name);
  absl::Status status = ApplyPage(invocation.flags, request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::GetCollaborationBoardRequest> BuildGetCollaborationBoard(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::GetCollaborationBoardRequest request;
  absl::Status status = ApplyNarrowing(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("cards")) {
    int32_t cards = 0;
    if (!absl::SimpleAtoi(*flags.Get("cards"), &cards) || cards < 0 || cards > 200) {
      return FlagError("cards",
                       crm::StrCat("\"", *flags.Get("cards"), "\" is not a number of cards 0-200"));
    }
    request.set_cards_per_column(cards);
  }
  return request;
}

absl::StatusOr<v1::GetSlaPolicyRequest> BuildGetSlaPolicy(const Invocation&) {
  return v1::GetSlaPolicyRequest();
}

absl::StatusOr<v1::UpdateSlaPolicyRequest> BuildUpdateSlaPolicy(const Invocation& invocation,
                                                                const v1::SlaPolicy& current) {
  const FlagValues& flags = invocation.flags;
  if (!flags.Has("rule")) {
    return UsageError(
        "give the rules to change as --rule URGENCY:RESPONSE:STEP_DAYS, e.g. --rule "
        "critical:2h:1 --rule general:3wd:5");
  }
  v1::UpdateSlaPolicyRequest request;
  v1::SlaPolicy* policy = request.mutable_sla_policy();
  policy->set_name("slaPolicy");
  *policy->mutable_rules() = current.rules();
  for (const std::string& value : flags.GetAll("rule")) {
    absl::StatusOr<v1::SlaRule> rule = ParseSlaRule(value);
    if (!rule.ok()) return rule.status();
    bool replaced = false;
    for (v1::SlaRule& existing : *policy->mutable_rules()) {
      if (existing.urgency() != rule->urgency()) continue;
      existing = *rule;
      replaced = true;
    }
    if (!replaced) *policy->add_rules() = *std::move(rule);
  }
  policy->set_etag(flags.Has("etag") ? *flags.Get("etag") : current.etag());
  return request;
}

absl::StatusOr<v1::GetAttributionRequest> BuildGetAttribution(const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  v1::GetAttributionRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListAttributionsRequest> BuildListAttributions(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListAttributionsRequest request;
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("state")) {
    absl::StatusOr<v1::AttributionState> state =
        ParseAttributionState(*flags.Get("state"), "--state");
    if (!state.ok()) return state.status();
    request.set_state(*state);
  }
  status = OrgUnitFlag(flags, "org-unit", [&](std::string name) { request.set_org_unit(name); });
  if (!status.ok()) return status;
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  }
  if (flags.Has("quarter")) {
    const std::string quarter = *flags.Get("quarter");
    const std::optional<clock::Quarter> parsed = clock::ParseQuarter(quarter);
    if (!parsed.has_value()) {
      return FlagError("quarter", crm::StrCat("\"", quarter, "\" is not a quarter, e.g. 2026Q4"));
    }
    request.set_quarter(clock::FormatQuarter(*parsed));
  }
  return request;
}

absl::StatusOr<v1::UpdateAttributionRequest> BuildUpdateAttribution(
    const Invocation& invocation, const v1::Attribution& current) {
  absl::StatusOr<std::vector<v1::Contributor>> contributors = Rescored(invocation.flags, current);
  if (!contributors.ok()) return contributors.status();
  v1::UpdateAttributionRequest request;
  v1::Attribution* attribution = request.mutable_attribution();
  attribution->set_name(current.name());
  for (v1::Contributor& contributor : *contributors) {
    *attribution->add_contributors() = std::move(contributor);
  }
  attribution->set_etag(invocation.flags.Has("etag") ? *invocation.flags.Get("etag")
                                                     : current.etag());
  request.mutable_update_mask()->add_paths("contributors");
  return request;
}

absl::StatusOr<v1::SubmitAttributionRequest> BuildSubmitAttribution(const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  v1::SubmitAttributionRequest request;
  request.set_name(*name);
  request.set_comment(invocation.flags.Get("comment").value_or(""));
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::ApproveAttributionRequest> BuildApproveAttribution(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  if (invocation.flags.Get("comment").value_or("").empty()) {
    return UsageError("--comment is required: what the split rests on");
  }
  v1::ApproveAttributionRequest request;
  request.set_name(*name);
  request.set_comment(*invocation.flags.Get("comment"));
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::RejectAttributionRequest> BuildRejectAttribution(const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  if (invocation.flags.Get("comment").value_or("").empty()) {
    return UsageError("--comment is required: why it goes back to be re-scored");
  }
  v1::RejectAttributionRequest request;
  request.set_name(*name);
  request.set_comment(*invocation.flags.Get("comment"));
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::DisputeAttributionRequest> BuildDisputeAttribution(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> reason = RequiredFlag(invocation.flags, "reason");
  if (!reason.ok()) return reason.status();
  v1::DisputeAttributionRequest request;
  request.set_name(*name);
  request.set_reason(*reason);
  absl::Status status = OrgUnitFlag(invocation.flags, "org-unit",
                                    [&](std::string org_unit) { request.set_org_unit(org_unit); });
  if (!status.ok()) return status;
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::AdjustAttributionRequest> BuildAdjustAttribution(
    const Invocation& invocation, const v1::Attribution& current) {
  absl::StatusOr<std::string> reason = RequiredFlag(invocation.flags, "reason");
  if (!reason.ok()) return reason.status();
  absl::StatusOr<std::vector<v1::Contributor>> contributors = Rescored(invocation.flags, current);
  if (!contributors.ok()) return contributors.status();
  v1::AdjustAttributionRequest request;
  request.set_name(current.name());
  for (v1::Contributor& contributor : *contributors) {
    *request.add_contributors() = std::move(contributor);
  }
  request.set_reason(*reason);
  request.set_etag(invocation.flags.Has("etag") ? *invocation.flags.Get("etag") : current.etag());
  return request;
}

absl::StatusOr<v1::ListAttributionHistoryRequest> BuildListAttributionHistory(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = AttributionArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListAttributionHistoryRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::GetAttributionPolicyRequest> BuildGetAttributionPolicy(const Invocation&) {
  return v1::GetAttributionPolicyRequest();
}

absl::StatusOr<v1::UpdateAttributionPolicyRequest> BuildUpdateAttributionPolicy(
    const Invocation& invocation, const v1::AttributionPolicy& current) {
  const FlagValues& flags = invocation.flags;
  if (!flags.Has("weights") && !flags.Has("dispute-days")) {
    return UsageError(
        "nothing to change; give --weights INFORMATION,RESOURCES,PARTICIPATION,"
        "CUSTOMER_EVALUATION in percent (e.g. 20,30,30,20) and/or --dispute-days N");
  }
  v1::UpdateAttributionPolicyRequest request;
  v1::AttributionPolicy* policy = request.mutable_attribution_policy();
  policy->set_name("attributionPolicy");
  *policy->mutable_weights() = current.weights();
  policy->set_dispute_days(current.dispute_days());
  if (flags.Has("weights")) {
    absl::StatusOr<v1::DimensionWeights> weights = ParseWeights(*flags.Get("weights"));
    if (!weights.ok()) return weights.status();
    *policy->mutable_weights() = *weights;
  }
  if (flags.Has("dispute-days")) {
    int32_t days = 0;
    if (!absl::SimpleAtoi(*flags.Get("dispute-days"), &days)) {
      return FlagError("dispute-days",
                       crm::StrCat("\"", *flags.Get("dispute-days"), "\" is not a number of days"));
    }
    policy->set_dispute_days(days);
  }
  policy->set_etag(flags.Has("etag") ? *flags.Get("etag") : current.etag());
  return request;
}

absl::StatusOr<v1::GetCreditReportRequest> BuildGetCreditReport(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> quarter = RequiredFlag(flags, "quarter");
  if (!quarter.ok()) return UsageError("--quarter is required, e.g. --quarter 2026Q4");
  const std::optional<clock::Quarter> parsed = clock::ParseQuarter(*quarter);
  if (!parsed.has_value()) {
    return FlagError("quarter", crm::StrCat("\"", *quarter, "\" is not a quarter, e.g. 2026Q4"));
  }
  v1::GetCreditReportRequest request;
  request.set_quarter(clock::FormatQuarter(*parsed));
  request.set_currency_code(flags.Get("currency").value_or(""));
  absl::Status status =
      OrgUnitFlag(flags, "org-unit", [&](std::string org_unit) { request.set_org_unit(org_unit); });
  if (!status.ok()) return status;
  return request;
}

}  // namespace crm::crmctl
