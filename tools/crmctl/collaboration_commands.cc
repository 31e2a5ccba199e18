#include "tools/crmctl/collaboration_commands.h"

#include <ostream>
#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/collaboration_printer.h"
#include "tools/crmctl/collaboration_requests.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;
using Stub = CollaborationStub;

using crmctl::EtagOf;
using crmctl::NameOf;

// Where an update keeps the request's name and etag; the other changes use
// command_support.h's NameOf and EtagOf.
const std::string& NameOf(const v1::UpdateCollaborationRequestRequest& request) {
  return request.collaboration_request().name();
}
std::string* EtagOf(v1::UpdateCollaborationRequestRequest& request) {
  return request.mutable_collaboration_request()->mutable_etag();
}

// A change of an existing request: with no --etag, the current one is read
// first.
template <typename Request>
absl::Status RunRequestChange(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out,
                              absl::StatusOr<Request> (*build)(const Invocation&),
                              StubMethod<Stub, Request, v1::CollaborationRequest> method) {
  return crmctl::RunChange(invocation, stub, contexts, out, build, method,
                           &Stub::GetCollaborationRequest, NameOf, EtagOf,
                           PrintCollaborationRequest);
}

// The same for an attribution.
template <typename Request>
absl::Status RunAttributionChange(const Invocation& invocation, Stub& stub,
                                  const ContextFactory& contexts, std::ostream& out,
                                  absl::StatusOr<Request> (*build)(const Invocation&),
                                  StubMethod<Stub, Request, v1::Attribution> method) {
  return crmctl::RunChange(invocation, stub, contexts, out, build, method, &Stub::GetAttribution,
                           NameOf, EtagOf, PrintAttribution);
}

// A change built from what is there now: reads it with `get`, builds the
// request from the command line and it, makes the call and prints the
// answer.
template <typename GetRequest, typename Resource, typename Request, typename Response>
absl::Status RunFromCurrent(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out,
                            const GetRequest& get_request,
                            StubMethod<Stub, GetRequest, Resource> get,
                            absl::StatusOr<Request> (*build)(const Invocation&, const Resource&),
                            StubMethod<Stub, Request, Response> method,
                            void (*print)(const Response&, std::ostream&)) {
  Resource current;
  absl::Status status = Call(stub, get, contexts, get_request, &current);
  if (!status.ok()) return status;
  absl::StatusOr<Request> request = build(invocation, current);
  if (!request.ok()) return request.status();
  Response response;
  status = Call(stub, method, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  print(response, out);
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateCollaborationRequest,
                  &Stub::CreateCollaborationRequest, PrintCollaborationRequest);
}

absl::Status RunGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                    std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCollaborationRequest,
                  &Stub::GetCollaborationRequest, PrintCollaborationRequest);
}

absl::Status RunList(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListCollaborationRequests,
                         &Stub::ListCollaborationRequests, CollaborationRequestCount,
                         PrintCollaborationRequestList, "collaboration requests");
}

absl::Status RunUpdate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunRequestChange(invocation, stub, contexts, out, BuildUpdateCollaborationRequest,
                          &Stub::UpdateCollaborationRequest);
}

absl::Status RunAcknowledge(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildAcknowledgeCollaborationRequest,
                  &Stub::AcknowledgeCollaborationRequest, PrintCollaborationRequest);
}

absl::Status RunAdvance(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunRequestChange(invocation, stub, contexts, out, BuildAdvanceCollaborationRequest,
                          &Stub::AdvanceCollaborationRequest);
}

absl::Status RunCancel(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunRequestChange(invocation, stub, contexts, out, BuildCancelCollaborationRequest,
                          &Stub::CancelCollaborationRequest);
}

absl::Status RunComment(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildAddCollaborationComment,
                  &Stub::AddCollaborationComment, PrintTimelineEntry);
}

absl::Status RunTimeline(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                         std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListCollaborationTimeline,
                         &Stub::ListCollaborationTimeline, TimelineCount, PrintTimeline,
                         "timeline entries");
}

absl::Status RunBoard(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCollaborationBoard,
                  &Stub::GetCollaborationBoard, PrintCollaborationBoard);
}

absl::Status RunSlaGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetSlaPolicy, &Stub::GetSlaPolicy,
                  PrintSlaPolicy);
}

absl::Status RunSlaSet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunFromCurrent(invocation, stub, contexts, out, v1::GetSlaPolicyRequest(),
                        &Stub::GetSlaPolicy, BuildUpdateSlaPolicy, &Stub::UpdateSlaPolicy,
                        PrintSlaPolicy);
}

absl::Status RunShow(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetAttribution, &Stub::GetAttribution,
                  PrintAttribution);
}

absl::Status RunListAttributions(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListAttributions,
                         &Stub::ListAttributions, AttributionCount, PrintAttributionList,
                         "attributions");
}

// score and adjust: the attribution named, read first.
template <typename Request>
absl::Status RunRescore(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out,
                        absl::StatusOr<Request> (*build)(const Invocation&, const v1::Attribution&),
                        StubMethod<Stub, Request, v1::Attribution> method) {
  absl::StatusOr<v1::GetAttributionRequest> get = BuildGetAttribution(invocation);
  if (!get.ok()) return get.status();
  return RunFromCurrent(invocation, stub, contexts, out, *get, &Stub::GetAttribution, build, method,
                        PrintAttribution);
}

absl::Status RunScore(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunRescore(invocation, stub, contexts, out, BuildUpdateAttribution,
                    &Stub::UpdateAttribution);
}

absl::Status RunSubmit(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunAttributionChange(invocation, stub, contexts, out, BuildSubmitAttribution,
                              &Stub::SubmitAttribution);
}

absl::Status RunApprove(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunAttributionChange(invocation, stub, contexts, out, BuildApproveAttribution,
                              &Stub::ApproveAttribution);
}

absl::Status RunReject(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunAttributionChange(invocation, stub, contexts, out, BuildRejectAttribution,
                              &Stub::RejectAttribution);
}

absl::Status RunDispute(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunAttributionChange(invocation, stub, contexts, out, BuildDisputeAttribution,
                              &Stub::DisputeAttribution);
}

absl::Status RunAdjust(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunRescore(invocation, stub, contexts, out, BuildAdjustAttribution,
                    &Stub::AdjustAttribution);
}

absl::Status RunHistory(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildListAttributionHistory,
                  &Stub::ListAttributionHistory, PrintAttributionHistory);
}

absl::Status RunPolicyGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetAttributionPolicy,
                  &Stub::GetAttributionPolicy, PrintAttributionPolicy);
}

absl::Status RunPolicySet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunFromCurrent(invocation, stub, contexts, out, v1::GetAttributionPolicyRequest(),
                        &Stub::GetAttributionPolicy, BuildUpdateAttributionPolicy,
                        &Stub::UpdateAttributionPolicy, PrintAttributionPolicy);
}

absl::Status RunCreditReport(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCreditReport, &Stub::GetCreditReport,
                  PrintCreditReport);
}

FlagSpec OptionalEtagFlag(const char* what) {
  return {.name = "etag",
          .value_name = "ETAG",
          .help = crm::StrCat("change only if the ", what,
                              " still has this etag (ABORTED otherwise); omitted: its current "
                              "etag is read first")};
}

// The narrowing list and board share.
std::vector<FlagSpec> NarrowingFlags() {
  return {
      {.name = "customer", .value_name = "CUSTOMER", .help = "only this customer's"},
      {.name = "group",
       .value_name = "NODE",
       .help = "only customers under this node of a customer group (nodes/N)"},
      {.name = "org-unit",
       .value_name = "ORGUNIT",
       .help = "only those this org unit requests or takes part in"},
      {.name = "urgency",
       .value_name = "URGENCY",
       .help = crm::StrCat("only this urgency: ", UrgencyChoices())},
      {.name = "mine",
       .help = "only yours: you raised it, own its step or own a participant's task"},
  };
}

// The flags score and adjust share.
std::vector<FlagSpec> ScoreFlags() {
  return {
      {.name = "score",
       .value_name = "ORGUNIT=I,R,P,C",
       .help = "the org unit's scores 0-100 for information, resources, participation and "
               "customer evaluation, e.g. sub-south=60,20,40,50; adds it when it is not a "
               "contributor",
       .repeated = true},
      {.name = "evidence",
       .value_name = "ORGUNIT=REFERENCE",
       .help = "adds evidence to a contributor: activities/ID, collaborationRequests/ID, "
               "opportunities/ID, contracts/ID or an https:// link",
       .repeated = true},
      {.name = "remove",
       .value_name = "ORGUNIT",
       .help = "removes a contributor",
       .repeated = true},
  };
}

}  // namespace

std::vector<CommandSpec> CollaborationCommands() {
  const std::string request_details = "Name the request by id or collaborationRequests/ID.";
  const std::string attribution_details = "Name the attribution by id or attributions/ID.";
  const std::vector<FlagSpec> field_flags = {
      {.name = "title", .value_name = "TEXT", .help = "1-200 characters"},
      {.name = "description", .value_name = "TEXT", .help = "up to 4,000 characters"},
      {.name = "urgency", .value_name = "URGENCY", .help = UrgencyChoices()},
      {.name = "participant",
       .value_name = "ORGUNIT:TASK[:users/OWNER]",
       .help = "an org unit asked to help and its task, e.g. sub-north:园区光储系统方案设计",
       .repeated = true},
      {.name = "step-owner",
       .value_name = "USER",
       .help = "who owns the current step (default: you)"},
      {.name = "step-due",
       .value_name = "TIME",
       .help = "when the current step is due, e.g. 2026-12-10T18:00:00+08:00 (default: the SLA "
               "policy's step time)"},
  };
  std::vector<FlagSpec> create_flags = {
      {.name = "customer", .value_name = "CUSTOMER", .help = "whose need it is (required)"},
      {.name = "requesting-org-unit",
       .value_name = "ORGUNIT",
       .help = "the org unit that needs help (default: yours)"},
      {.name = "opportunity", .value_name = "OPPORTUNITY", .help = "the opportunity it serves"},
      {.name = "contract", .value_name = "CONTRACT", .help = "or the contract it serves"},
  };
  create_flags.insert(create_flags.end(), field_flags.begin(), field_flags.end());
  std::vector<FlagSpec> update_flags = field_flags;
  update_flags.push_back(OptionalEtagFlag("request"));
  std::vector<FlagSpec> list_flags = NarrowingFlags();
  list_flags.push_back({.name = "step",
                        .value_name = "STEP",
                        .help = crm::StrCat("only this step: ", CollaborationStepChoices())});
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> board_flags = NarrowingFlags();
  board_flags.push_back(
      {.name = "cards", .value_name = "N", .help = "cards per column, 0-200 (default 20)"});
  std::vector<FlagSpec> adjust_flags = ScoreFlags();
  adjust_flags.push_back(
      {.name = "reason", .value_name = "TEXT", .help = "why the split changes (required)"});
  adjust_flags.push_back(OptionalEtagFlag("attribution"));
  std::vector<FlagSpec> score_flags = ScoreFlags();
  score_flags.push_back(OptionalEtagFlag("attribution"));
  std::vector<FlagSpec> attribution_list_flags = {
      {.name = "state",
       .value_name = "STATE",
       .help = crm::StrCat("only this state: ", AttributionStateChoices())},
      {.name = "org-unit", .value_name = "ORGUNIT", .help = "only those it contributes to"},
      {.name = "customer", .value_name = "CUSTOMER", .help = "only this customer's deals"},
      {.name = "quarter",
       .value_name = "QUARTER",
       .help = "only deals of this quarter, e.g. 2026Q4"},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) {
    attribution_list_flags.push_back(std::move(flag));
  }

  return {
      {.path = "collab create",
       .summary = "raise a collaboration request (协同需求) to other org units",
       .details =
           "--customer, --title, --urgency and at least one --participant are required; the "
           "service checks the rest and lists every problem at once. The customer must be in "
           "your scope and the requesting org unit yours or below it. The response SLA starts "
           "now: by default a critical request must be acknowledged within 2 hours, an urgent "
           "one within 24 hours, a general one within 3 working days (\"crmctl collab sla "
           "get\"). With the global --request-id a retry creates nothing twice.",
       .flags = create_flags,
       .run = DispatchCollaboration<RunCreate>},
      {.path = "collab get",
       .args = "REQUEST",
       .min_args = 1,
       .max_args = 1,
       .summary = "show a request: participants, step, owner, due times and SLA breaches",
       .details = request_details,
       .run = DispatchCollaboration<RunGet>},
      {.path = "collab list",
       .summary = "list the requests you may see, newest first",
       .flags = list_flags,
       .run = DispatchCollaboration<RunList>},
      {.path = "collab update",
       .args = "REQUEST",
       .min_args = 1,
       .max_args = 1,
       .summary = "change the fields given of an open request",
       .details = crm::StrCat(request_details,
                              " Only the fields of the flags given change; --participant "
                              "replaces the whole list. The requesting side, the current step's "
                              "owner or HQ."),
       .flags = update_flags,
       .run = DispatchCollaboration<RunUpdate>},
      {.path = "collab ack",
       .args = "REQUEST",
       .min_args = 1,
       .max_args = 1,
       .summary = "acknowledge a request for your org unit: the first stops the response SLA",
       .details = crm::StrCat(request_details,
                              " You become the owner of your org unit's task unless it has one."),
       .flags = {{.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "the participant acknowledging (default: yours)"},
                 {.name = "comment", .value_name = "TEXT", .help = "a note for the timeline"}},
       .run = DispatchCollaboration<RunAcknowledge>},
      {.path = "collab advance",
       .args = "REQUEST STEP",
       .min_args = 2,
       .max_args = 2,
       .summary = "move a request to its next step, or from pending-approval back to designing",
       .details = crm::StrCat(
           request_details, " STEP is one of ", CollaborationStepChoices(),
           " (not cancelled: see \"crmctl collab cancel\"). The requesting side, the current "
           "step's owner or HQ."),
       .flags = {{.name = "owner",
                  .value_name = "USER",
                  .help = "the new step's owner (default: the current one)"},
                 {.name = "due",
                  .value_name = "TIME",
                  .help = "when the new step is due (default: the SLA policy's step time)"},
                 {.name = "comment", .value_name = "TEXT", .help = "a note for the timeline"},
                 OptionalEtagFlag("request")},
       .run = DispatchCollaboration<RunAdvance>},
      {.path = "collab cancel",
       .args = "REQUEST",
       .min_args = 1,
       .max_args = 1,
       .summary = "cancel an open request, with the reason",
       .details = crm::StrCat(request_details, " The requesting side or HQ."),
       .flags = {{.name = "reason", .value_name = "TEXT", .help = "why (required)"},
                 OptionalEtagFlag("request")},
       .run = DispatchCollaboration<RunCancel>},
      {.path = "collab comment",
       .args = "REQUEST TEXT",
       .min_args = 2,
       .max_args = 2,
       .summary = "add a comment to a request's timeline",
       .details = crm::StrCat(request_details,
                              " Anyone who sees the request; with the global --request-id a "
                              "retry adds it once."),
       .run = DispatchCollaboration<RunComment>},
      {.path = "collab timeline",
       .args = "REQUEST",
       .min_args = 1,
       .max_args = 1,
       .summary = "a request's timeline: comments, steps, acknowledgements, breaches",
       .details = crm::StrCat(request_details, " Oldest first; the SLA job appears as system."),
       .flags = ListFlags(/*show_deleted=*/false),
       .run = DispatchCollaboration<RunTimeline>},
      {.path = "collab board",
       .summary = "the board (协同看板): requests by step, overdue first",
       .details = "One column per step, 待调研 to-survey … 已完成 done, with the requests in your "
                  "scope: [特急] marks a critical one, [紧急] an urgent one; each card shows the "
                  "customer, the step's owner, the due time and the time left or overdue, and "
                  "whether the response SLA was missed (unanswered) or escalated to HQ. Under "
                  "each column its count and how many are overdue.",
       .flags = board_flags,
       .run = DispatchCollaboration<RunBoard>},
      {.path = "collab sla get",
       .summary = "the SLA policy in force: how soon each urgency is answered",
       .run = DispatchCollaboration<RunSlaGet>},
      {.path = "collab sla set",
       .summary = "change the SLA of one or more urgencies (hq_admin)",
       .details = "Each --rule replaces the rule of its urgency in the policy in force, which is "
                  "read first; the others stay. A new version comes into force; open requests "
                  "keep the due times they have.",
       .flags = {{.name = "rule",
                  .value_name = "URGENCY:RESPONSE:STEP_DAYS",
                  .help = "e.g. critical:2h:1 (answered within 2 hours, a step takes 1 working "
                          "day) or general:3wd:5 (within 3 working days)",
                  .repeated = true},
                 {.name = "etag",
                  .value_name = "ETAG",
                  .help = "change only if the policy still has this etag (default: the one "
                          "read)"}},
       .run = DispatchCollaboration<RunSlaSet>},
      {.path = "attribution show",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "show an attribution (协同贡献度): the deal, contributors, scores and split",
       .details = attribution_details,
       .run = DispatchCollaboration<RunShow>},
      {.path = "attribution list",
       .summary = "the attributions you may see, newest deal first",
       .flags = attribution_list_flags,
       .run = DispatchCollaboration<RunListAttributions>},
      {.path = "attribution score",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "score a draft attribution's contributors; shares are recomputed",
       .details = crm::StrCat(
           attribution_details,
           " The attribution is read first and sent back with the changes given, so scores "
           "not given stay. The deal's owner org unit or the strategy role."),
       .flags = score_flags,
       .run = DispatchCollaboration<RunScore>},
      {.path = "attribution submit",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "submit a draft for the strategy centre's approval",
       .details = crm::StrCat(attribution_details,
                              " Every contributor must be scored and one above zero."),
       .flags = {{.name = "comment", .value_name = "TEXT", .help = "a note for the approver"},
                 OptionalEtagFlag("attribution")},
       .run = DispatchCollaboration<RunSubmit>},
      {.path = "attribution approve",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "approve a submitted attribution, or dismiss a dispute (strategy)",
       .details = crm::StrCat(attribution_details,
                              " Needs the strategy role at HQ. Approval opens the dispute window "
                              "and puts the split into the credit report."),
       .flags = {{.name = "comment",
                  .value_name = "TEXT",
                  .help = "what the split rests on (required)"},
                 OptionalEtagFlag("attribution")},
       .run = DispatchCollaboration<RunApprove>},
      {.path = "attribution reject",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "send a submitted attribution back to draft (strategy)",
       .details = attribution_details,
       .flags = {{.name = "comment", .value_name = "TEXT", .help = "why (required)"},
                 OptionalEtagFlag("attribution")},
       .run = DispatchCollaboration<RunReject>},
      {.path = "attribution dispute",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "dispute an approved attribution within its dispute window, as a contributor",
       .details = attribution_details,
       .flags = {{.name = "reason", .value_name = "TEXT", .help = "why (required)"},
                 {.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "the contributor disputing (default: yours)"},
                 OptionalEtagFlag("attribution")},
       .run = DispatchCollaboration<RunDispute>},
      {.path = "attribution adjust",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "re-score an approved, disputed or final attribution (strategy)",
       .details = crm::StrCat(attribution_details,
                              " As score, with a reason: the old split is kept in the history, "
                              "the new one is final and the credit report follows."),
       .flags = adjust_flags,
       .run = DispatchCollaboration<RunAdjust>},
      {.path = "attribution history",
       .args = "ATTRIBUTION",
       .min_args = 1,
       .max_args = 1,
       .summary = "every change of an attribution: who, when, the split before and after",
       .details = crm::StrCat(attribution_details,
                              " Oldest first; the deal followers appear as follow:opportunity "
                              "or follow:contract, the finalising job as job:finalize."),
       .run = DispatchCollaboration<RunHistory>},
      {.path = "attribution policy get",
       .summary = "the attribution policy in force: dimension weights and dispute days",
       .details = "Defaults: information 20%, resources 30%, participation 30%, customer "
                  "evaluation 20%; 10 days to dispute.",
       .run = DispatchCollaboration<RunPolicyGet>},
      {.path = "attribution policy set",
       .summary = "change the weights or dispute days (strategy or hq_admin)",
       .details = "The policy in force is read first; what is not given stays. A new version "
                  "comes into force; attributions already opened keep theirs.",
       .flags = {{.name = "weights",
                  .value_name = "I,R,P,C",
                  .help = "percent for information, resources, participation and customer "
                          "evaluation, adding up to 100, e.g. 20,30,30,20"},
                 {.name = "dispute-days",
                  .value_name = "N",
                  .help = "days after approval a contributor may dispute, 1-90"},
                 {.name = "etag",
                  .value_name = "ETAG",
                  .help = "change only if the policy still has this etag (default: the one "
                          "read)"}},
       .run = DispatchCollaboration<RunPolicySet>},
      {.path = "credit report",
       .summary = "credit per org unit for a quarter: deals, credited amount, average share",
       .details = "Approved, disputed and final attributions whose deal date (Asia/Shanghai) "
                  "falls in the quarter. HQ sees every org unit and the credited amounts add up "
                  "to the deals' total exactly; anyone else sees the org units in their scope.",
       .flags = {{.name = "quarter", .value_name = "QUARTER", .help = "e.g. 2026Q4 (required)"},
                 {.name = "currency",
                  .value_name = "CODE",
                  .help = "only deals in this currency (default CNY)"},
                 {.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "only this org unit and those below it"}},
       .run = DispatchCollaboration<RunCreditReport>},
  };
}

}  // namespace crm::crmctl
