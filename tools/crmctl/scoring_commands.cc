#include "tools/crmctl/scoring_commands.h"

#include <ostream>
#include <string>
#include <utility>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/scoring_printer.h"
#include "tools/crmctl/scoring_requests.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;
using Stub = ScoringStub;

// How often `scoring rebuild` reads the rebuild's progress.
constexpr absl::Duration kRebuildPollInterval = absl::Seconds(1);
// The page size of the lookups a command makes for an etag.
constexpr int32_t kLookupPageSize = 1000;

absl::Status RunOverview(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                         std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCustomerOverview,
                  &Stub::GetCustomerOverview, PrintCustomerOverview);
}

absl::Status RunFacts(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCustomerFacts, &Stub::GetCustomerFacts,
                  PrintCustomerFacts);
}

// Colours only on a terminal (GlobalOptions::colour).
absl::Status RunGroupOverview(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  absl::StatusOr<v1::GetGroupOverviewRequest> request = BuildGetGroupOverview(invocation);
  if (!request.ok()) return request.status();
  absl::StatusOr<int> depth = GroupTreeDepth(invocation);
  if (!depth.ok()) return depth.status();
  v1::GroupOverview response;
  absl::Status status = Call(stub, &Stub::GetGroupOverview, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  PrintGroupOverview(response, invocation.options.colour, *depth, out);
  return absl::OkStatus();
}

absl::Status RunAtRisk(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListAtRiskCustomers,
                         &Stub::ListAtRiskCustomers, AtRiskCount, PrintAtRiskList,
                         "customers at risk");
}

absl::Status RunWarnings(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                         std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListChurnWarnings,
                         &Stub::ListChurnWarnings, ChurnWarningCount, PrintChurnWarningList,
                         "churn warnings");
}

absl::Status RunWarning(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetChurnWarning, &Stub::GetChurnWarning,
                  PrintChurnWarning);
}

absl::Status RunPlan(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildRecordRetentionPlan,
                   &Stub::RecordRetentionPlan, &Stub::GetChurnWarning, NameOf, EtagOf,
                   PrintChurnWarning);
}

absl::Status RunOutcome(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildRecordRetentionOutcome,
                   &Stub::RecordRetentionOutcome, &Stub::GetChurnWarning, NameOf, EtagOf,
                   PrintChurnWarning);
}

absl::Status RunOpenReview(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildOpenTierReview, &Stub::OpenTierReview,
                  PrintTierReview);
}

absl::Status RunShowReview(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetTierReview, &Stub::GetTierReview,
                  PrintTierReview);
}

absl::Status RunProposals(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListTierProposals,
                         &Stub::ListTierProposals, TierProposalCount, PrintTierProposalList,
                         "tier proposals");
}

// The current etag of the proposal `name` in its review: there is no Get of
// one proposal, so the review's proposals are read page by page until it
// comes.
absl::StatusOr<std::string> ProposalEtag(Stub& stub, const ContextFactory& contexts,
                                         const std::string& name) {
  v1::ListTierProposalsRequest request;
  request.set_parent(name.substr(0, name.find("/proposals/")));
  request.set_page_size(kLookupPageSize);
  while (true) {
    v1::ListTierProposalsResponse page;
    absl::Status status = Call(stub, &Stub::ListTierProposals, contexts, request, &page);
    if (!status.ok()) return status;
    for (const v1::TierProposal& proposal : page.proposals()) {
      if (proposal.name() == name) return proposal.etag();
    }
    if (page.next_page_token().empty() || page.next_page_token() == request.page_token()) break;
    request.set_page_token(page.next_page_token());
  }
  return absl::NotFoundError(crm::StrCat(
      name, " is not among the review's proposals you may see; \"crmctl tier review list ",
      LastSegment(request.parent()), "\" lists them"));
}

absl::Status RunDecide(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out,
                       absl::StatusOr<v1::DecideTierProposalRequest> (*build)(const Invocation&)) {
  absl::StatusOr<v1::DecideTierProposalRequest> request = build(invocation);
  if (!request.ok()) return request.status();
  if (request->etag().empty()) {
    absl::StatusOr<std::string> etag = ProposalEtag(stub, contexts, request->name());
    if (!etag.ok()) return etag.status();
    request->set_etag(*etag);
  }
  v1::TierProposal response;
  absl::Status status = Call(stub, &Stub::DecideTierProposal, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  PrintTierProposal(response, out);
  return absl::OkStatus();
}

absl::Status RunApprove(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunDecide(invocation, stub, contexts, out, BuildApproveTierProposal);
}

absl::Status RunOverride(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                         std::ostream& out) {
  return RunDecide(invocation, stub, contexts, out, BuildOverrideTierProposal);
}

absl::Status RunTierHistory(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListTierHistory,
                         &Stub::ListTierHistory, TierChangeCount, PrintTierHistory, "tier changes");
}

absl::Status RunScorecard(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  if (IsOneScorecard(invocation)) {
    return RunUnary(invocation, stub, contexts, out, BuildGetScorecard, &Stub::GetScorecard,
                    PrintScorecard);
  }
  return RunUnary(invocation, stub, contexts, out, BuildListScorecards, &Stub::ListScorecards,
                  PrintScorecardList);
}

// Without --etag, the target's etag when the quarter has one for the org
// unit (a change), else none (a new target).
absl::Status RunSetTarget(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  absl::StatusOr<std::string> name = SalesTargetNameOf(invocation);
  if (!name.ok()) return name.status();
  std::string etag;
  if (!invocation.flags.Has("etag")) {
    absl::StatusOr<v1::ListSalesTargetsRequest> list = BuildListSalesTargets(invocation);
    if (!list.ok()) return list.status();
    v1::ListSalesTargetsResponse targets;
    absl::Status status = Call(stub, &Stub::ListSalesTargets, contexts, *list, &targets);
    if (!status.ok()) return status;
    for (const v1::SalesTarget& target : targets.sales_targets()) {
      if (target.name() == *name) etag = target.etag();
    }
  }
  absl::StatusOr<v1::SetSalesTargetRequest> request = BuildSetSalesTarget(invocation, etag);
  if (!request.ok()) return request.status();
  v1::SalesTarget response;
  absl::Status status = Call(stub, &Stub::SetSalesTarget, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  PrintSalesTarget(response, out);
  return absl::OkStatus();
}

absl::Status RunTargets(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildListSalesTargets, &Stub::ListSalesTargets,
                  PrintSalesTargetList);
}

absl::Status RunRecordSurvey(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildRecordSurvey, &Stub::RecordSurvey,
                  PrintSurvey);
}

absl::Status RunSurveys(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListSurveys, &Stub::ListSurveys,
                         SurveyCount, PrintSurveyList, "surveys");
}

absl::Status RunPolicyGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetScoringPolicy, &Stub::GetScoringPolicy,
                  PrintScoringPolicy);
}

absl::Status RunProfileSet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpdateScoringProfile,
                  &Stub::UpdateScoringProfile, PrintScoringProfile);
}

std::vector<FlagSpec> WithListFlags(std::vector<FlagSpec> flags) {
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) flags.push_back(std::move(flag));
  return flags;
}

FlagSpec OptionalEtagFlag(const char* what) {
  return {.name = "etag",
          .value_name = "ETAG",
          .help = crm::StrCat("change only if the ", what,
                              " still has this etag (ABORTED otherwise); omitted: its current "
                              "etag is read first")};
}

}  // namespace

absl::Status RunScoringRebuild(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out,
                               PollWaiter& waiter, absl::Duration interval) {
  v1::FactsRebuild rebuild;
  if (invocation.args.empty()) {
    absl::StatusOr<v1::StartFactsRebuildRequest> request = BuildStartFactsRebuild(invocation);
    if (!request.ok()) return request.status();
    absl::Status status = Call(stub, &Stub::StartFactsRebuild, contexts, *request, &rebuild);
    if (!status.ok()) return status;
  } else {
    absl::StatusOr<v1::GetFactsRebuildRequest> request = BuildGetFactsRebuild(invocation);
    if (!request.ok()) return request.status();
    absl::Status status = Call(stub, &Stub::GetFactsRebuild, contexts, *request, &rebuild);
    if (!status.ok()) return status;
  }
  const bool json = invocation.options.output == OutputFormat::kJson;
  if (!json) out << rebuild.name() << ": " << RebuildProgress(rebuild) << '\n' << std::flush;
  if (!invocation.flags.IsOn("no-wait")) {
    std::string shown = RebuildProgress(rebuild);
    v1::GetFactsRebuildRequest get;
    get.set_name(rebuild.name());
    while (rebuild.state() == v1::FactsRebuild::RUNNING) {
      waiter.Wait(interval);
      if (waiter.StopRequested()) {
        if (!json) {
          out << "Stopped watching; the rebuild goes on: \"crmctl scoring rebuild "
              << rebuild.name() << "\" follows it again.\n";
        }
        break;
      }
      absl::Status status = Call(stub, &Stub::GetFactsRebuild, contexts, get, &rebuild);
      if (!status.ok()) return status;
      const std::string progress = RebuildProgress(rebuild);
      if (!json && progress != shown)
        out << rebuild.name() << ": " << progress << '\n' << std::flush;
      shown = progress;
    }
  }
  if (json) {
    absl::Status status = PrintJson(rebuild, out);
    if (!status.ok()) return status;
  }
  if (rebuild.state() == v1::FactsRebuild::FAILED) {
    return absl::InternalError(crm::StrCat(rebuild.name(), " failed: ", rebuild.error()));
  }
  return absl::OkStatus();
}

absl::Status PrintReminderWarnings(const Invocation& invocation, Stub& stub,
                                   const ContextFactory& contexts, std::ostream& out,
                                   std::ostream& err) {
  v1::ListChurnWarningsResponse response;
  absl::Status status = CallPages(stub, &Stub::ListChurnWarnings, contexts,
                                  BuildReminderWarnings(invocation), /*all_pages=*/true, &response);
  if (status.code() == absl::StatusCode::kUnimplemented) {
    err << "note: churn warnings not listed: this server does not serve crm.scoring.v1\n";
    return absl::OkStatus();
  }
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  if (response.churn_warnings().empty()) {
    out << "\nNo open churn warnings.\n";
    return absl::OkStatus();
  }
  out << "\nopen churn warnings (流失预警), least healthy first; record a plan with \"crmctl risk "
         "plan ID\":\n";
  PrintChurnWarningList(response, out);
  return absl::OkStatus();
}

std::vector<CommandSpec> ScoringCommands() {
  const std::string warning_details = "Name the warning by id or churnWarnings/ID.";
  const std::string quarter_details =
      "QUARTER is the review's quarter, e.g. 2026Q4 (or tierReviews/2026Q4).";
  return {
      {.path = "customer overview",
       .args = "CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "a customer's overview (客户360): tier, value, health and its reasons, money",
       .details =
           "The tier in force and who coordinates it (A: HQ's strategy centre), the value score "
           "0-100 with each factor's contribution and the tier it computes, the health score "
           "0-100 and risk with the reasons that produced it, pipeline, active contract value, "
           "receivable and overdue, last activity and visit, open collaboration requests and "
           "the open churn warning. The facts follow the feeds within seconds.",
       .run = DispatchScoring<RunOverview>},
      {.path = "customer facts",
       .args = "CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "the facts the scores read: purchases per month, receivables, last visit, ...",
       .run = DispatchScoring<RunFacts>},
      {.path = "group overview",
       .args = "NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "a customer group's overview (集团视图): the subtree rolled up, tier and risk",
       .details =
           "NODE is a node of the group (nodes/N; \"crmctl hierarchy path customers/ID\" finds "
           "one). Money summed over the subtree, the worst and the purchase-weighted health, "
           "customers per tier and risk, then the tree with each customer's tier and risk "
           "(coloured on a terminal: A magenta, B cyan; high red, medium yellow, low green; "
           "NO_COLOR turns colours off) and the members at risk with their reasons. Only the "
           "customers you may see are counted; a partial roll-up says so.",
       .flags = {{.name = "nodes",
                  .value_name = "N",
                  .help = "tree nodes to list, depth first, 0-5,000 (default 200)"},
                 {.name = "depth",
                  .value_name = "N",
                  .help = "draw the tree down to this depth only, e.g. 1: the node and its "
                          "subsidiaries"},
                 {.name = "at-risk",
                  .value_name = "N",
                  .help = "members at risk to list, 0-500 (default 20)"}},
       .run = DispatchScoring<RunGroupOverview>},
      {.path = "risk customers",
       .summary = "the customers you may see at or above a risk level, least healthy first",
       .flags = WithListFlags(
           {{.name = "min-risk",
             .value_name = "RISK",
             .help =
                 crm::StrCat("the lowest risk listed: ", RiskLevelChoices(), " (default high)")},
            {.name = "org-unit",
             .value_name = "ORGUNIT",
             .help = "only customers owned in this org unit's subtree"},
            {.name = "group",
             .value_name = "NODE",
             .help = "only customers under this node of a customer group (nodes/N)"}}),
       .run = DispatchScoring<RunAtRisk>},
      {.path = "risk list",
       .summary = "churn warnings (流失预警): open ones by default, least healthy first",
       .details = "A customer turning high risk raises one warning and notifies its owner org "
                  "unit once; it clears when the signals do.",
       .flags = WithListFlags({{.name = "state",
                                .value_name = "STATE",
                                .help = crm::StrCat("only this state: ", ChurnWarningStateChoices(),
                                                    " (default open)")},
                               {.name = "org-unit",
                                .value_name = "ORGUNIT",
                                .help = "only warnings notified to this org unit or below"}}),
       .run = DispatchScoring<RunWarnings>},
      {.path = "risk show",
       .args = "WARNING",
       .min_args = 1,
       .max_args = 1,
       .summary = "a churn warning with its reasons and retention plan",
       .details = warning_details,
       .run = DispatchScoring<RunWarning>},
      {.path = "risk plan",
       .args = "WARNING",
       .min_args = 1,
       .max_args = 1,
       .summary = "record the retention plan of an open warning (the owner side or HQ)",
       .details = crm::StrCat(warning_details, " The outcome becomes in-progress."),
       .flags = {{.name = "actions",
                  .value_name = "TEXT",
                  .help = "what will be done to keep the customer, 1-2,000 characters "
                          "(required)"},
                 {.name = "owner", .value_name = "USER", .help = "who carries it out"},
                 {.name = "due", .value_name = "YYYY-MM-DD", .help = "by when"},
                 OptionalEtagFlag("warning")},
       .run = DispatchScoring<RunPlan>},
      {.path = "risk outcome",
       .args = "WARNING OUTCOME",
       .min_args = 2,
       .max_args = 2,
       .summary = "record how the retention plan ended: retained or lost (or in-progress)",
       .details =
           crm::StrCat(warning_details, " OUTCOME is one of ", RetentionOutcomeChoices(), "."),
       .flags = {{.name = "note", .value_name = "TEXT", .help = "0-2,000 characters"},
                 OptionalEtagFlag("warning")},
       .run = DispatchScoring<RunOutcome>},
      {.path = "tier review open",
       .args = "QUARTER",
       .min_args = 1,
       .max_args = 1,
       .summary = "open a quarter's tier review (strategy or hq_admin)",
       .details = "Proposes a change for every customer whose computed tier differs from its "
                  "tier, with the reasons. Opening it again adds the proposals new since.",
       .run = DispatchScoring<RunOpenReview>},
      {.path = "tier review show",
       .args = "QUARTER",
       .min_args = 1,
       .max_args = 1,
       .summary = "a review's proposals by state",
       .details = quarter_details,
       .run = DispatchScoring<RunShowReview>},
      {.path = "tier review list",
       .args = "QUARTER",
       .min_args = 1,
       .max_args = 1,
       .summary = "a review's proposals you may see, the largest annual purchases first",
       .details = quarter_details,
       .flags =
           WithListFlags({{.name = "state",
                           .value_name = "STATE",
                           .help = crm::StrCat("only this state: ", TierProposalStateChoices())}}),
       .run = DispatchScoring<RunProposals>},
      {.path = "tier review approve",
       .args = "QUARTER CUSTOMER",
       .min_args = 2,
       .max_args = 2,
       .summary = "approve a proposed tier change (strategy role at HQ)",
       .details = crm::StrCat(quarter_details,
                              " The customer's tier changes, the change is kept in its tier "
                              "history and published (tier.changed)."),
       .flags = {{.name = "reason", .value_name = "TEXT", .help = "a note for the history"},
                 OptionalEtagFlag("proposal")},
       .run = DispatchScoring<RunApprove>},
      {.path = "tier review override",
       .args = "QUARTER CUSTOMER",
       .min_args = 2,
       .max_args = 2,
       .summary = "decide another tier than the proposed one, with a reason (strategy at HQ)",
       .details = crm::StrCat(quarter_details, " --tier may be the current tier: no change."),
       .flags = {{.name = "tier",
                  .value_name = "TIER",
                  .help = crm::StrCat("the tier decided: ", TierChoices(), " (required)")},
                 {.name = "reason",
                  .value_name = "TEXT",
                  .help = "why, 1-500 characters (required)"},
                 OptionalEtagFlag("proposal")},
       .run = DispatchScoring<RunOverride>},
      {.path = "tier history",
       .args = "CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "a customer's tier changes, newest first",
       .flags = ListFlags(/*show_deleted=*/false),
       .run = DispatchScoring<RunTierHistory>},
      {.path = "scorecard",
       .summary = "org-unit scorecards (考核) of a quarter, ranked, each component's inputs",
       .details =
           "Per org unit: sales result (won amount against the quarter's target, plus credited "
           "attribution), customer data completeness, process compliance (follow-ups, "
           "collaboration SLAs, contract approvals) and customer satisfaction (surveys), "
           "weighted by the scoring policy (default 60/15/15/10). Without --org-unit every org "
           "unit you may see, highest total first.",
       .flags = {{.name = "quarter", .value_name = "QUARTER", .help = "e.g. 2026Q4 (required)"},
                 {.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "only this org unit's scorecard, with every input"}},
       .run = DispatchScoring<RunScorecard>},
      {.path = "scorecard target set",
       .args = "ORGUNIT",
       .min_args = 1,
       .max_args = 1,
       .summary = "set an org unit's sales target for a quarter (strategy or hq_admin)",
       .flags = {{.name = "quarter", .value_name = "QUARTER", .help = "e.g. 2026Q4 (required)"},
                 {.name = "amount",
                  .value_name = "AMOUNT",
                  .help = "CNY, e.g. 12000000.00 (required)"},
                 {.name = "etag",
                  .value_name = "ETAG",
                  .help = "change only if the target still has this etag; omitted: the "
                          "current one is read (none for a new target)"}},
       .run = DispatchScoring<RunSetTarget>},
      {.path = "scorecard target list",
       .summary = "a quarter's sales targets of the org units you may see",
       .flags = {{.name = "quarter", .value_name = "QUARTER", .help = "e.g. 2026Q4 (required)"}},
       .run = DispatchScoring<RunTargets>},
      {.path = "survey record",
       .summary = "record a satisfaction survey answer: a score 0-10 from a customer contact",
       .details = "One answer per contact and period; with the global --request-id a retry "
                  "records it once. It feeds the scorecard's satisfaction, the health signals "
                  "and collaboration's customer evaluation.",
       .flags = {{.name = "contact",
                  .value_name = "CONTACT",
                  .help = "who answered: customers/C/contacts/K (required)"},
                 {.name = "period",
                  .value_name = "QUARTER",
                  .help = "the quarter asked about, e.g. 2026Q4 (required)"},
                 {.name = "score", .value_name = "0-10", .help = "the answer (required)"},
                 {.name = "comment", .value_name = "TEXT", .help = "0-2,000 characters"}},
       .run = DispatchScoring<RunRecordSurvey>},
      {.path = "survey list",
       .summary = "survey answers you may see, newest first",
       .flags = WithListFlags(
           {{.name = "customer", .value_name = "CUSTOMER", .help = "only this customer's"},
            {.name = "period", .value_name = "QUARTER", .help = "only this quarter's"}}),
       .run = DispatchScoring<RunSurveys>},
      {.path = "scoring rebuild",
       .args = "[REBUILD]",
       .max_args = 1,
       .summary = "rebuild every customer's facts from the feeds, showing progress (hq_admin)",
       .details = "Starts a rebuild (one runs at a time: a second start returns the running "
                  "one) and shows its progress until it ends; Ctrl-C stops watching, not the "
                  "rebuild. Given REBUILD (factsRebuilds/ID), follows that one instead.",
       .flags = {{.name = "no-wait", .help = "start it and return"}},
       .run =
           [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
             InterruptWaiter waiter;
             return RunScoringRebuild(invocation, connection.scoring, connection.contexts, out,
                                      waiter, kRebuildPollInterval);
           }},
      {.path = "scoring policy get",
       .summary = "the scoring policy in force: value weights, tier thresholds, signals, risk",
       .details = "Defaults: tier A above 10,000,000 CNY a year or strategic, B from "
                  "1,000,000 CNY, C below; scorecard weights 60/15/15/10.",
       .run = DispatchScoring<RunPolicyGet>},
      {.path = "scoring profile set",
       .args = "CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "mark a customer strategic or record its margin (strategy or hq_admin)",
       .details = "The inputs of the value score no feed carries. The profile is replaced by "
                  "what is given; a change of an existing profile needs its --etag (printed "
                  "by the previous set).",
       .flags = {{.name = "strategic", .help = "strategic (战略客户): an A tier whatever it buys"},
                 {.name = "margin",
                  .value_name = "PERCENT",
                  .help = "profit contribution as a margin on its contracts, -100 to 100"},
                 {.name = "reason", .value_name = "TEXT", .help = "why, 0-500 characters"},
                 {.name = "etag",
                  .value_name = "ETAG",
                  .help = "the profile's etag (required once it exists)"}},
       .run = DispatchScoring<RunProfileSet>},
  };
}

}  // namespace crm::crmctl
