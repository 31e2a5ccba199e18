#include "tools/crmctl/scoring_requests.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "libs/clock/quarter.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;

constexpr std::string_view kTierReviews = "tierReviews/";
constexpr char kScoringCurrency[] = "CNY";
// GetGroupOverviewRequest.node_limit's largest value.
constexpr int32_t kMaxGroupNodes = 5000;
// Deeper than any customer group the hierarchy keeps.
constexpr int32_t kMaxGroupDepth = 100;

// --etag, or "" for the command to read the current one.
std::string EtagFlagValue(const FlagValues& flags) { return flags.Get("etag").value_or(""); }

// "2026Q4" (also "2026q4"); `label` names where it came from ("--quarter",
// "QUARTER").
absl::StatusOr<std::string> CheckedQuarter(std::string_view text, std::string_view label) {
  const std::optional<clock::Quarter> parsed = clock::ParseQuarter(text);
  if (!parsed.has_value()) {
    return UsageError(crm::StrCat(std::string(label), ": \"", std::string(text),
                                  "\" is not a quarter, e.g. 2026Q4"));
  }
  return clock::FormatQuarter(*parsed);
}

// --FLAG as a quarter; a usage error when missing and `required`.
absl::StatusOr<std::optional<std::string>> QuarterFlag(const FlagValues& flags,
                                                       std::string_view flag, bool required) {
  if (!flags.Has(flag) || flags.Get(flag)->empty()) {
    if (required) {
      return UsageError(crm::StrCat("--", std::string(flag), " is required, e.g. --",
                                    std::string(flag), " 2026Q4"));
    }
    return std::optional<std::string>();
  }
  absl::StatusOr<std::string> quarter =
      CheckedQuarter(*flags.Get(flag), crm::StrCat("--", std::string(flag)));
  if (!quarter.ok()) return quarter.status();
  return std::optional<std::string>(*std::move(quarter));
}

// A review's quarter from "2026Q4" or "tierReviews/2026Q4".
absl::StatusOr<std::string> ReviewQuarter(std::string_view text) {
  if (text.starts_with(kTierReviews)) text.remove_prefix(kTierReviews.size());
  return CheckedQuarter(text, "QUARTER");
}

absl::StatusOr<std::string> CustomerArgument(const Invocation& invocation, size_t index) {
  return CustomerName(invocation.args.at(index));
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

// --FLAG as a whole number in [low, high]; `fallback` when not given.
absl::StatusOr<int32_t> BoundedFlag(const FlagValues& flags, std::string_view flag, int32_t low,
                                    int32_t high, std::string_view what, int32_t fallback) {
  if (!flags.Has(flag)) return fallback;
  int32_t value = 0;
  if (!absl::SimpleAtoi(*flags.Get(flag), &value) || value < low || value > high) {
    return FlagError(flag, crm::StrCat("\"", *flags.Get(flag), "\" is not ", std::string(what), " ",
                                       low, "-", high));
  }
  return value;
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

// A margin in percent as basis points: "18.5" -> 1850, "-3" -> -300; at most
// two decimals, -100 to 100.
absl::StatusOr<int32_t> ParseMargin(std::string_view text) {
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  absl::StatusOr<int32_t> magnitude = ParsePercentAsBasisPoints(text);
  if (!magnitude.ok()) return FlagError("margin", magnitude.status().message());
  return negative ? -*magnitude : *magnitude;
}

}  // namespace

absl::StatusOr<v1::GetCustomerOverviewRequest> BuildGetCustomerOverview(
    const Invocation& invocation) {
  absl::StatusOr<std::string> customer = CustomerArgument(invocation, 0);
  if (!customer.ok()) return customer.status();
  v1::GetCustomerOverviewRequest request;
  request.set_customer(*customer);
  return request;
}

absl::StatusOr<v1::GetCustomerFactsRequest> BuildGetCustomerFacts(const Invocation& invocation) {
  absl::StatusOr<std::string> customer = CustomerArgument(invocation, 0);
  if (!customer.ok()) return customer.status();
  v1::GetCustomerFactsRequest request;
  request.set_customer(*customer);
  return request;
}

absl::StatusOr<v1::GetGroupOverviewRequest> BuildGetGroupOverview(const Invocation& invocation) {
  absl::StatusOr<std::string> node = CheckedNodeName(invocation.args.at(0));
  if (!node.ok()) return node.status();
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<int32_t> nodes =
      BoundedFlag(flags, "nodes", 0, kMaxGroupNodes, "a number of nodes", 0);
  if (!nodes.ok()) return nodes.status();
  absl::StatusOr<int32_t> at_risk = BoundedFlag(flags, "at-risk", 0, 500, "a number of members", 0);
  if (!at_risk.ok()) return at_risk.status();
  absl::StatusOr<int> depth = GroupTreeDepth(invocation);
  if (!depth.ok()) return depth.status();
  v1::GetGroupOverviewRequest request;
  request.set_node(*node);
  // The nodes come depth first, so the shallow ones of a large subtree may
  // be after the first 200: with --depth, as many as the service lists.
  request.set_node_limit(*depth >= 0 && !flags.Has("nodes") ? kMaxGroupNodes : *nodes);
  request.set_at_risk_limit(*at_risk);
  return request;
}

absl::StatusOr<int> GroupTreeDepth(const Invocation& invocation) {
  absl::StatusOr<int32_t> depth =
      BoundedFlag(invocation.flags, "depth", 0, kMaxGroupDepth, "a depth", -1);
  if (!depth.ok()) return depth.status();
  return *depth;
}

absl::StatusOr<v1::ListAtRiskCustomersRequest> BuildListAtRiskCustomers(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListAtRiskCustomersRequest request;
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("min-risk")) {
    absl::StatusOr<v1::RiskLevel> risk = ParseRiskLevel(*flags.Get("min-risk"), "--min-risk");
    if (!risk.ok()) return risk.status();
    request.set_min_risk(*risk);
  }
  status = OrgUnitFlag(flags, "org-unit",
                       [&](std::string name) { request.set_owner_org_unit(std::move(name)); });
  if (!status.ok()) return status;
  if (flags.Has("group")) {
    absl::StatusOr<std::string> node = CheckedNodeName(*flags.Get("group"));
    if (!node.ok()) return FlagError("group", node.status().message());
    request.set_group(*node);
  }
  return request;
}

absl::StatusOr<v1::ListChurnWarningsRequest> BuildListChurnWarnings(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListChurnWarningsRequest request;
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("state")) {
    absl::StatusOr<v1::ChurnWarning::State> state =
        ParseChurnWarningState(*flags.Get("state"), "--state");
    if (!state.ok()) return state.status();
    request.set_state(*state);
  }
  status = OrgUnitFlag(flags, "org-unit",
                       [&](std::string name) { request.set_owner_org_unit(std::move(name)); });
  if (!status.ok()) return status;
  return request;
}

v1::ListChurnWarningsRequest BuildReminderWarnings(const Invocation& invocation) {
  v1::ListChurnWarningsRequest request;
  request.set_state(v1::ChurnWarning::OPEN);
  if (invocation.flags.Has("org-unit")) {
    // The stale request's builder has checked it already.
    request.set_owner_org_unit(OrgUnitName(*invocation.flags.Get("org-unit")));
  }
  return request;
}

absl::StatusOr<v1::GetChurnWarningRequest> BuildGetChurnWarning(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedChurnWarningName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::GetChurnWarningRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::RecordRetentionPlanRequest> BuildRecordRetentionPlan(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedChurnWarningName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Get("actions").value_or("").empty()) {
    return UsageError("--actions is required: what you will do to keep the customer");
  }
  v1::RecordRetentionPlanRequest request;
  request.set_name(*name);
  v1::RetentionPlan* plan = request.mutable_retention_plan();
  plan->set_actions(*flags.Get("actions"));
  if (flags.Has("owner")) {
    absl::StatusOr<std::string> owner = CheckedUserName(*flags.Get("owner"));
    if (!owner.ok()) return FlagError("owner", owner.status().message());
    plan->set_owner(*owner);
  }
  if (flags.Has("due")) {
    absl::StatusOr<common::v1::Date> due = ParseDateFlag(*flags.Get("due"), "due");
    if (!due.ok()) return due.status();
    *plan->mutable_due_date() = *due;
  }
  request.set_etag(EtagFlagValue(flags));
  return request;
}

absl::StatusOr<v1::RecordRetentionOutcomeRequest> BuildRecordRetentionOutcome(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedChurnWarningName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  absl::StatusOr<v1::RetentionPlan::Outcome> outcome =
      ParseRetentionOutcome(invocation.args.at(1), "OUTCOME");
  if (!outcome.ok()) return outcome.status();
  if (*outcome == v1::RetentionPlan::OUTCOME_UNSPECIFIED) {
    return UsageError(crm::StrCat("OUTCOME is required: ", RetentionOutcomeChoices()));
  }
  v1::RecordRetentionOutcomeRequest request;
  request.set_name(*name);
  request.set_outcome(*outcome);
  request.set_note(invocation.flags.Get("note").value_or(""));
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::OpenTierReviewRequest> BuildOpenTierReview(const Invocation& invocation) {
  absl::StatusOr<std::string> quarter = ReviewQuarter(invocation.args.at(0));
  if (!quarter.ok()) return quarter.status();
  v1::OpenTierReviewRequest request;
  request.set_quarter(*quarter);
  return request;
}

absl::StatusOr<v1::GetTierReviewRequest> BuildGetTierReview(const Invocation& invocation) {
  absl::StatusOr<std::string> quarter = ReviewQuarter(invocation.args.at(0));
  if (!quarter.ok()) return quarter.status();
  v1::GetTierReviewRequest request;
  request.set_name(crm::StrCat(std::string(kTierReviews), *quarter));
  return request;
}

absl::StatusOr<v1::ListTierProposalsRequest> BuildListTierProposals(const Invocation& invocation) {
  absl::StatusOr<std::string> quarter = ReviewQuarter(invocation.args.at(0));
  if (!quarter.ok()) return quarter.status();
  const FlagValues& flags = invocation.flags;
  v1::ListTierProposalsRequest request;
  request.set_parent(crm::StrCat(std::string(kTierReviews), *quarter));
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("state")) {
    absl::StatusOr<v1::TierProposal::State> state =
        ParseTierProposalState(*flags.Get("state"), "--state");
    if (!state.ok()) return state.status();
    request.set_state(*state);
  }
  return request;
}

absl::StatusOr<std::string> TierProposalName(const std::string& quarter,
                                             const std::string& customer) {
  absl::StatusOr<std::string> checked_quarter = ReviewQuarter(quarter);
  if (!checked_quarter.ok()) return checked_quarter.status();
  absl::StatusOr<std::string> customer_name = CustomerName(customer);
  if (!customer_name.ok()) return customer_name.status();
  return crm::StrCat(std::string(kTierReviews), *checked_quarter, "/proposals/",
                     LastSegment(*customer_name));
}

absl::StatusOr<v1::DecideTierProposalRequest> BuildApproveTierProposal(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = TierProposalName(invocation.args.at(0), invocation.args.at(1));
  if (!name.ok()) return name.status();
  v1::DecideTierProposalRequest request;
  request.set_name(*name);
  request.set_decision(v1::DecideTierProposalRequest::APPROVE);
  request.set_reason(invocation.flags.Get("reason").value_or(""));
  request.set_etag(EtagFlagValue(invocation.flags));
  return request;
}

absl::StatusOr<v1::DecideTierProposalRequest> BuildOverrideTierProposal(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = TierProposalName(invocation.args.at(0), invocation.args.at(1));
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Get("tier").value_or("").empty()) {
    return UsageError(crm::StrCat("--tier is required: the tier decided, ", TierChoices()));
  }
  absl::StatusOr<v1::Tier> tier = ParseTier(*flags.Get("tier"), "--tier");
  if (!tier.ok()) return tier.status();
  if (flags.Get("reason").value_or("").empty()) {
    return UsageError("--reason is required: why the proposed tier is overridden");
  }
  v1::DecideTierProposalRequest request;
  request.set_name(*name);
  request.set_decision(v1::DecideTierProposalRequest::OVERRIDE);
  request.set_tier(*tier);
  request.set_reason(*flags.Get("reason"));
  request.set_etag(EtagFlagValue(flags));
  return request;
}

absl::StatusOr<v1::ListTierHistoryRequest> BuildListTierHistory(const Invocation& invocation) {
  absl::StatusOr<std::string> customer = CustomerArgument(invocation, 0);
  if (!customer.ok()) return customer.status();
  v1::ListTierHistoryRequest request;
  request.set_customer(*customer);
  absl::Status status = ApplyPage(invocation.flags, request);
  if (!status.ok()) return status;
  return request;
}

bool IsOneScorecard(const Invocation& invocation) { return invocation.flags.Has("org-unit"); }

absl::StatusOr<v1::GetScorecardRequest> BuildGetScorecard(const Invocation& invocation) {
  absl::StatusOr<std::optional<std::string>> quarter =
      QuarterFlag(invocation.flags, "quarter", /*required=*/true);
  if (!quarter.ok()) return quarter.status();
  absl::StatusOr<std::string> org_unit =
      CheckedOrgUnitName(invocation.flags.Get("org-unit").value_or(""));
  if (!org_unit.ok()) return FlagError("org-unit", org_unit.status().message());
  v1::GetScorecardRequest request;
  request.set_name(crm::StrCat(*org_unit, "/scorecards/", **quarter));
  return request;
}

absl::StatusOr<v1::ListScorecardsRequest> BuildListScorecards(const Invocation& invocation) {
  absl::StatusOr<std::optional<std::string>> quarter =
      QuarterFlag(invocation.flags, "quarter", /*required=*/true);
  if (!quarter.ok()) return quarter.status();
  v1::ListScorecardsRequest request;
  request.set_quarter(**quarter);
  return request;
}

absl::StatusOr<std::string> SalesTargetNameOf(const Invocation& invocation) {
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(invocation.args.at(0));
  if (!org_unit.ok()) return org_unit.status();
  absl::StatusOr<std::optional<std::string>> quarter =
      QuarterFlag(invocation.flags, "quarter", /*required=*/true);
  if (!quarter.ok()) return quarter.status();
  return crm::StrCat(*org_unit, "/salesTargets/", **quarter);
}

absl::StatusOr<v1::SetSalesTargetRequest> BuildSetSalesTarget(const Invocation& invocation,
                                                              const std::string& current_etag) {
  absl::StatusOr<std::string> name = SalesTargetNameOf(invocation);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> amount_flag = RequiredFlag(invocation.flags, "amount");
  if (!amount_flag.ok()) return amount_flag.status();
  absl::StatusOr<common::v1::Money> amount = ParseMoney(*amount_flag, kScoringCurrency);
  if (!amount.ok()) return FlagError("amount", amount.status().message());
  v1::SetSalesTargetRequest request;
  v1::SalesTarget* target = request.mutable_sales_target();
  target->set_name(*name);
  *target->mutable_amount() = *amount;
  target->set_etag(invocation.flags.Has("etag") ? *invocation.flags.Get("etag") : current_etag);
  return request;
}

absl::StatusOr<v1::ListSalesTargetsRequest> BuildListSalesTargets(const Invocation& invocation) {
  absl::StatusOr<std::optional<std::string>> quarter =
      QuarterFlag(invocation.flags, "quarter", /*required=*/true);
  if (!quarter.ok()) return quarter.status();
  v1::ListSalesTargetsRequest request;
  request.set_quarter(**quarter);
  return request;
}

absl::StatusOr<v1::RecordSurveyRequest> BuildRecordSurvey(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> contact_flag = RequiredFlag(flags, "contact");
  if (!contact_flag.ok()) return contact_flag.status();
  absl::StatusOr<std::string> contact = ContactName({*contact_flag});
  if (!contact.ok()) return FlagError("contact", contact.status().message());
  absl::StatusOr<std::optional<std::string>> period =
      QuarterFlag(flags, "period", /*required=*/true);
  if (!period.ok()) return period.status();
  if (!flags.Has("score")) return UsageError("--score is required: the answer, 0-10");
  absl::StatusOr<int32_t> score = BoundedFlag(flags, "score", 0, 10, "a score", 0);
  if (!score.ok()) return score.status();
  v1::RecordSurveyRequest request;
  v1::Survey* survey = request.mutable_survey();
  survey->set_customer(contact->substr(0, contact->find("/contacts/")));
  survey->set_contact(*contact);
  survey->set_period(**period);
  survey->set_score(*score);
  survey->set_comment(flags.Get("comment").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListSurveysRequest> BuildListSurveys(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListSurveysRequest request;
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  }
  absl::StatusOr<std::optional<std::string>> period =
      QuarterFlag(flags, "period", /*required=*/false);
  if (!period.ok()) return period.status();
  request.set_period(period->value_or(""));
  return request;
}

absl::StatusOr<v1::StartFactsRebuildRequest> BuildStartFactsRebuild(const Invocation& invocation) {
  v1::StartFactsRebuildRequest request;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetFactsRebuildRequest> BuildGetFactsRebuild(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedFactsRebuildName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::GetFactsRebuildRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::GetScoringPolicyRequest> BuildGetScoringPolicy(const Invocation&) {
  return v1::GetScoringPolicyRequest();
}

absl::StatusOr<v1::UpdateScoringProfileRequest> BuildUpdateScoringProfile(
    const Invocation& invocation) {
  absl::StatusOr<std::string> customer = CustomerArgument(invocation, 0);
  if (!customer.ok()) return customer.status();
  const FlagValues& flags = invocation.flags;
  if (!flags.Has("strategic") && !flags.Has("margin")) {
    return UsageError(
        "give --strategic (or --strategic=false) and/or --margin PERCENT; the profile is "
        "replaced by what is given");
  }
  v1::UpdateScoringProfileRequest request;
  v1::ScoringProfile* profile = request.mutable_scoring_profile();
  profile->set_name(crm::StrCat(*customer, "/scoringProfile"));
  profile->set_strategic(flags.IsOn("strategic"));
  if (!flags.Get("margin").value_or("").empty()) {
    absl::StatusOr<int32_t> margin = ParseMargin(*flags.Get("margin"));
    if (!margin.ok()) return margin.status();
    profile->mutable_margin_bp()->set_value(*margin);
  }
  profile->set_reason(flags.Get("reason").value_or(""));
  profile->set_etag(EtagFlagValue(flags));
  return request;
}

}  // namespace crm::crmctl
