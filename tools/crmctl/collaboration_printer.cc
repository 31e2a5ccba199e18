#include "tools/crmctl/collaboration_printer.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/board_layout.h"
#include "tools/crmctl/display_width.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;

constexpr char kUserPrefix[] = "users/";
constexpr char kOrgUnitPrefix[] = "orgUnits/";
constexpr char kSeparator[] = " · ";
constexpr int kCardWidth = 34;
constexpr std::array<v1::CollaborationStep, 5> kBoardSteps = {
    v1::TO_SURVEY, v1::DESIGNING, v1::PENDING_APPROVAL, v1::EXECUTING, v1::DONE};

// "待调研 to-survey".
std::string StepWords(v1::CollaborationStep step) {
  if (step == v1::COLLABORATION_STEP_UNSPECIFIED) return "";
  const std::string english = CollaborationStepName(step);
  if (english.empty()) return crm::StrCat("step ", static_cast<int>(step));
  return crm::StrCat(CollaborationStepChineseName(step), " ", english);
}

// "critical 特急".
std::string UrgencyWords(v1::Urgency urgency) {
  if (urgency == v1::URGENCY_UNSPECIFIED) return "";
  const std::string english = UrgencyName(urgency);
  if (english.empty()) return crm::StrCat("urgency ", static_cast<int>(urgency));
  return crm::StrCat(english, " ", UrgencyChineseName(urgency));
}

// "approved 已批准".
std::string StateWords(v1::AttributionState state) {
  if (state == v1::ATTRIBUTION_STATE_UNSPECIFIED) return "";
  const std::string english = AttributionStateName(state);
  if (english.empty()) return crm::StrCat("state ", static_cast<int>(state));
  return crm::StrCat(english, " ", AttributionStateChineseName(state));
}

// The mark of an urgency on the board: "[特急] ", "[紧急] ", none for general.
std::string UrgencyMark(v1::Urgency urgency) {
  if (urgency == v1::CRITICAL || urgency == v1::URGENT) {
    return crm::StrCat("[", UrgencyChineseName(urgency), "] ");
  }
  return "";
}

std::string CustomerWords(const std::string& display_name, const std::string& customer) {
  return display_name.empty() ? LastSegment(customer) : display_name;
}

bool IsSet(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

// "12-06 16:00" in the terminal's time zone.
std::string ShortTime(const google::protobuf::Timestamp& time) {
  if (!IsSet(time)) return "";
  return absl::FormatTime("%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::LocalTimeZone());
}

// "12,345.67" from hundredths.
std::string Hundredths(int64_t value) {
  const int64_t magnitude = std::llabs(value);
  return crm::StrCat(value < 0 ? "-" : "", GroupDigits(magnitude / 100), ".",
                     absl::StrFormat("%02d", magnitude % 100));
}

bool Overdue(const v1::BoardCard& card) {
  return card.seconds_left() < 0 || card.response_overdue();
}

// A card's lines: the title with its urgency mark; the customer and the
// step's owner; the due time and what is left (open steps only), and the
// response breach and escalation.
std::vector<std::string> CardLines(const v1::BoardCard& card, bool open) {
  std::vector<std::string> lines;
  lines.push_back(TruncateToWidth(
      crm::StrCat(UrgencyMark(card.urgency()), SingleLine(card.title())), kCardWidth));
  std::string who = SingleLine(CustomerWords(card.customer_display_name(), card.customer()));
  if (!card.step_owner().empty()) {
    const std::string owner =
        crm::StrCat(kSeparator, WithoutPrefix(card.step_owner(), kUserPrefix));
    who = TruncateToWidth(who, kCardWidth - DisplayWidth(owner)) + owner;
  } else {
    who = TruncateToWidth(who, kCardWidth);
  }
  lines.push_back(std::move(who));
  if (!open) return lines;
  if (IsSet(card.step_due_time())) {
    lines.push_back(
        crm::StrCat("due ", ShortTime(card.step_due_time()), " ", TimeLeft(card.seconds_left())));
  }
  std::vector<std::string> marks;
  if (card.response_overdue()) marks.push_back("unanswered");
  if (card.escalated()) marks.push_back("escalated");
  if (!marks.empty()) lines.push_back(absl::StrJoin(marks, ", "));
  return lines;
}

std::string Footing(const v1::BoardColumn& column) {
  std::string text = crm::StrCat(GroupDigits(column.count()));
  if (column.overdue_count() > 0) {
    crm::StrAppend(&text, " (", GroupDigits(column.overdue_count()), " overdue)");
  }
  const int64_t hidden = column.count() - column.cards_size();
  if (hidden > 0) crm::StrAppend(&text, " +", GroupDigits(hidden), " more");
  return text;
}

// "sub-east" or "sub-east (deal-owner, account-owner)".
std::string Roles(const v1::Contributor& contributor) {
  std::vector<std::string> roles;
  for (int role : contributor.roles()) {
    roles.push_back(ContributorRoleName(static_cast<v1::ContributorRole>(role)));
  }
  return absl::StrJoin(roles, ",");
}

std::string Score(const v1::Contributor& contributor, int32_t value) {
  return contributor.has_scores() ? crm::StrCat(value) : "-";
}

void PrintContributors(const google::protobuf::RepeatedPtrField<v1::Contributor>& contributors,
                       std::ostream& out) {
  TablePrinter table({"ORG_UNIT", "ROLES", "INFO", "RES", "PART", "CUST", "WEIGHTED", "SHARE",
                      "CREDITED", "EVIDENCE"});
  for (const v1::Contributor& contributor : contributors) {
    const v1::ContributionScores& scores = contributor.scores();
    table.AddRow({WithoutPrefix(contributor.org_unit(), kOrgUnitPrefix), Roles(contributor),
                  Score(contributor, scores.information()), Score(contributor, scores.resources()),
                  Score(contributor, scores.participation()),
                  Score(contributor, scores.customer_evaluation()),
                  Hundredths(contributor.weighted_score()), SharePercent(contributor.share_bp()),
                  FullMoney(contributor.credited_amount()),
                  absl::StrJoin(contributor.evidence(), " ")});
  }
  table.Print(out);
}

// "1 hour", "3 working days".
std::string Count(int32_t count, std::string_view noun) {
  return crm::StrCat(count, " ", std::string(noun), count == 1 ? "" : "s");
}

// "sub-south 40.00%, sub-north 60.00%"; "" before any share is computed.
std::string Split(const google::protobuf::RepeatedPtrField<v1::Contributor>& contributors) {
  if (std::all_of(contributors.begin(), contributors.end(),
                  [](const v1::Contributor& c) { return c.share_bp() == 0; })) {
    return "";
  }
  std::vector<std::string> parts;
  for (const v1::Contributor& contributor : contributors) {
    parts.push_back(crm::StrCat(WithoutPrefix(contributor.org_unit(), kOrgUnitPrefix), " ",
                                SharePercent(contributor.share_bp())));
  }
  return absl::StrJoin(parts, ", ");
}

std::string WeightsWords(const v1::DimensionWeights& weights) {
  return crm::StrCat("information ", SharePercent(weights.information_bp()), ", resources ",
                     SharePercent(weights.resources_bp()), ", participation ",
                     SharePercent(weights.participation_bp()), ", customer evaluation ",
                     SharePercent(weights.customer_evaluation_bp()));
}

// "before → after", or the value alone when it did not change.
std::string Change(const std::string& before, const std::string& after) {
  if (before == after || before.empty()) return after;
  return crm::StrCat(before, " → ", after);
}

}  // namespace

std::string SharePercent(int32_t basis_points) {
  return crm::StrCat(Hundredths(basis_points), "%");
}

std::string TimeLeft(int64_t seconds_left) {
  const int64_t minutes = std::llabs(seconds_left) / 60;
  std::string span;
  if (minutes < 60) {
    span = crm::StrCat(minutes, "m");
  } else if (minutes < 24 * 60) {
    span = crm::StrCat(minutes / 60, "h");
    if (minutes % 60 != 0) crm::StrAppend(&span, minutes % 60, "m");
  } else {
    span = crm::StrCat(minutes / (24 * 60), "d");
    if ((minutes / 60) % 24 != 0) crm::StrAppend(&span, (minutes / 60) % 24, "h");
  }
  return seconds_left < 0 ? crm::StrCat("overdue ", span) : crm::StrCat(span, " left");
}

void PrintCollaborationRequest(const v1::CollaborationRequest& request, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", request.name());
  record.Add("title", request.title());
  record.Add("step", StepWords(request.step()));
  record.Add("urgency", UrgencyWords(request.urgency()));
  record.Add("customer", request.customer());
  record.Add("customer_display_name", request.customer_display_name());
  if (!request.opportunity().empty()) record.Add("opportunity", request.opportunity());
  if (!request.contract().empty()) record.Add("contract", request.contract());
  record.Add("description", request.description());
  record.Add("requesting_org_unit", request.requesting_org_unit());
  record.Add("requester", request.requester());
  std::vector<std::string> participants;
  for (const v1::Participant& participant : request.participants()) {
    std::string text = crm::StrCat(participant.org_unit(), ": ", participant.task());
    if (!participant.owner().empty()) crm::StrAppend(&text, " (", participant.owner(), ")");
    if (IsSet(participant.acknowledge_time())) {
      crm::StrAppend(&text, "; acknowledged ", FormatTimestamp(participant.acknowledge_time()));
      if (!participant.acknowledged_by().empty()) {
        crm::StrAppend(&text, " by ", participant.acknowledged_by());
      }
    } else {
      crm::StrAppend(&text, "; not acknowledged");
    }
    participants.push_back(std::move(text));
  }
  record.AddList("participants", participants);
  record.Add("step_owner", request.step_owner());
  record.Add("step_due_time", FormatTimestamp(request.step_due_time()));
  record.Add("response_due_time", FormatTimestamp(request.response_due_time()));
  record.Add("acknowledge_time", FormatTimestamp(request.acknowledge_time()));
  record.Add("response_breach_time", FormatTimestamp(request.response_breach_time()));
  record.Add("step_breach_time", FormatTimestamp(request.step_breach_time()));
  record.Add("escalate_time", FormatTimestamp(request.escalate_time()));
  if (!request.cancel_reason().empty()) record.Add("cancel_reason", request.cancel_reason());
  if (request.sla_policy_version() != 0) {
    record.Add("sla_policy_version", crm::StrCat(request.sla_policy_version()));
  }
  record.Add("create_time", FormatTimestamp(request.create_time()));
  record.Add("update_time", FormatTimestamp(request.update_time()));
  record.Add("etag", request.etag());
  record.Print(out);
}

void PrintCollaborationRequestList(const v1::ListCollaborationRequestsResponse& response,
                                   std::ostream& out) {
  TablePrinter table({"ID", "STEP", "URGENCY", "TITLE", "CUSTOMER", "REQUESTING", "PARTICIPANTS",
                      "STEP_OWNER", "DUE"});
  for (const v1::CollaborationRequest& request : response.collaboration_requests()) {
    std::vector<std::string> participants;
    for (const v1::Participant& participant : request.participants()) {
      participants.push_back(WithoutPrefix(participant.org_unit(), kOrgUnitPrefix));
    }
    table.AddRow({LastSegment(request.name()), CollaborationStepName(request.step()),
                  UrgencyName(request.urgency()), request.title(),
                  CustomerWords(request.customer_display_name(), request.customer()),
                  WithoutPrefix(request.requesting_org_unit(), kOrgUnitPrefix),
                  absl::StrJoin(participants, ","),
                  WithoutPrefix(request.step_owner(), kUserPrefix),
                  ShortTime(request.step_due_time())});
  }
  table.Print(out);
}

int CollaborationRequestCount(const v1::ListCollaborationRequestsResponse& response) {
  return response.collaboration_requests_size();
}

void PrintTimelineEntry(const v1::TimelineEntry& entry, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", entry.name());
  record.Add("kind", TimelineKindName(entry.kind()));
  record.Add("actor", entry.actor());
  record.Add("create_time", FormatTimestamp(entry.create_time()));
  record.Add("comment", entry.comment());
  record.Print(out);
}

void PrintTimeline(const v1::ListCollaborationTimelineResponse& response, std::ostream& out) {
  TablePrinter table({"TIME", "ACTOR", "KIND", "STEP", "COMMENT"});
  for (const v1::TimelineEntry& entry : response.entries()) {
    table.AddRow(
        {FormatTimestamp(entry.create_time()), WithoutPrefix(entry.actor(), kUserPrefix),
         TimelineKindName(entry.kind()),
         Change(CollaborationStepName(entry.previous_step()), CollaborationStepName(entry.step())),
         entry.comment()});
  }
  table.Print(out);
}

int TimelineCount(const v1::ListCollaborationTimelineResponse& response) {
  return response.entries_size();
}

void PrintCollaborationBoard(const v1::CollaborationBoard& board, std::ostream& out) {
  std::vector<BoardLayoutColumn> layout;
  for (const v1::CollaborationStep step : kBoardSteps) {
    BoardLayoutColumn column{.heading = StepWords(step)};
    const auto found = std::find_if(board.columns().begin(), board.columns().end(),
                                    [&](const v1::BoardColumn& c) { return c.step() == step; });
    if (found == board.columns().end()) {
      column.footing = "0";
      layout.push_back(std::move(column));
      continue;
    }
    const bool open = step != v1::DONE;
    std::vector<const v1::BoardCard*> cards;
    for (const v1::BoardCard& card : found->cards()) cards.push_back(&card);
    if (open) {
      std::stable_sort(cards.begin(), cards.end(),
                       [](const v1::BoardCard* a, const v1::BoardCard* b) {
                         return Overdue(*a) && !Overdue(*b);
                       });
    }
    for (const v1::BoardCard* card : cards) {
      if (!column.lines.empty()) column.lines.push_back("");
      for (std::string& line : CardLines(*card, open)) column.lines.push_back(std::move(line));
    }
    column.footing = Footing(*found);
    layout.push_back(std::move(column));
  }
  PrintBoardColumns(layout, out);
  out << "[特急] critical, [紧急] urgent; times are to the step's due time";
  if (IsSet(board.read_time())) out << ", as of " << FormatTimestamp(board.read_time());
  out << '\n';
}

void PrintSlaPolicy(const v1::SlaPolicy& policy, std::ostream& out) {
  TablePrinter table({"URGENCY", "ANSWER_WITHIN", "STEP_TAKES"});
  for (const v1::SlaRule& rule : policy.rules()) {
    const std::string response = rule.response_hours() > 0
                                     ? Count(rule.response_hours(), "hour")
                                     : Count(rule.response_working_days(), "working day");
    table.AddRow(
        {UrgencyWords(rule.urgency()), response, Count(rule.step_working_days(), "working day")});
  }
  table.Print(out);
  out << "\nversion: " << policy.version() << '\n';
  if (policy.has_update_time()) out << "updated: " << FormatTimestamp(policy.update_time()) << '\n';
  out << "etag: " << policy.etag() << '\n'
      << "Working days are Monday to Friday in Asia/Shanghai. Open requests keep the due times "
         "they have.\n";
}

void PrintAttribution(const v1::Attribution& attribution, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", attribution.name());
  record.Add("state", StateWords(attribution.state()));
  record.Add("deal_title", attribution.deal_title());
  if (!attribution.opportunity().empty()) record.Add("opportunity", attribution.opportunity());
  if (!attribution.contract().empty()) record.Add("contract", attribution.contract());
  record.Add("customer", attribution.customer());
  record.Add("customer_display_name", attribution.customer_display_name());
  record.Add("amount", FullMoney(attribution.amount()));
  record.Add("deal_date", FormatDate(attribution.deal_date()));
  record.Add("owner_org_unit", attribution.owner_org_unit());
  record.Add("weights", crm::StrCat(WeightsWords(attribution.weights()), " (policy version ",
                                    attribution.policy_version(), ")"));
  record.Add("dispute_deadline", FormatTimestamp(attribution.dispute_deadline()));
  if (!attribution.dispute_reason().empty()) {
    record.Add("dispute",
               crm::StrCat(attribution.disputed_by(), ": ", attribution.dispute_reason()));
  }
  record.Add("revision", crm::StrCat(attribution.revision()));
  record.Add("create_time", FormatTimestamp(attribution.create_time()));
  record.Add("update_time", FormatTimestamp(attribution.update_time()));
  record.Add("etag", attribution.etag());
  record.Print(out);
  if (attribution.contributors().empty()) return;
  out << "\ncontributors (scores 0-100: information, resources, participation, customer "
         "evaluation):\n";
  PrintContributors(attribution.contributors(), out);
}

void PrintAttributionList(const v1::ListAttributionsResponse& response, std::ostream& out) {
  TablePrinter table({"ID", "STATE", "DEAL", "CUSTOMER", "AMOUNT", "DEAL_DATE", "OWNER", "SPLIT"});
  for (const v1::Attribution& attribution : response.attributions()) {
    table.AddRow({LastSegment(attribution.name()), AttributionStateName(attribution.state()),
                  attribution.deal_title(),
                  CustomerWords(attribution.customer_display_name(), attribution.customer()),
                  ShortMoney(attribution.amount()), FormatDate(attribution.deal_date()),
                  WithoutPrefix(attribution.owner_org_unit(), kOrgUnitPrefix),
                  Split(attribution.contributors())});
  }
  table.Print(out);
}

int AttributionCount(const v1::ListAttributionsResponse& response) {
  return response.attributions_size();
}

void PrintAttributionHistory(const v1::ListAttributionHistoryResponse& response,
                             std::ostream& out) {
  if (response.entries().empty()) {
    out << "No history entries found.\n";
    return;
  }
  TablePrinter table({"TIME", "ACTOR", "METHOD", "STATE", "SPLIT", "COMMENT"});
  for (const v1::AttributionHistoryEntry& entry : response.entries()) {
    table.AddRow(
        {FormatTimestamp(entry.change_time()), WithoutPrefix(entry.actor(), kUserPrefix),
         entry.method(),
         Change(AttributionStateName(entry.previous_state()), AttributionStateName(entry.state())),
         Change(Split(entry.previous_contributors()), Split(entry.contributors())),
         entry.comment()});
  }
  table.Print(out);
}

void PrintAttributionPolicy(const v1::AttributionPolicy& policy, std::ostream& out) {
  RecordPrinter record;
  record.Add("weights", WeightsWords(policy.weights()));
  record.Add("dispute_days", crm::StrCat(policy.dispute_days()));
  record.Add("version", crm::StrCat(policy.version()));
  record.Add("update_time", FormatTimestamp(policy.update_time()));
  record.Add("etag", policy.etag());
  record.Print(out);
  out << "Attributions already opened keep the version they have.\n";
}

void PrintCreditReport(const v1::CreditReport& report, std::ostream& out) {
  TablePrinter table(
      {"ORG_UNIT", "DEALS", "CREDITED", "AVG_SHARE", "OWNED", "OWNED_AMOUNT", "OWNED_CREDITED"});
  for (const v1::CreditRow& row : report.rows()) {
    table.AddRow({WithoutPrefix(row.org_unit(), kOrgUnitPrefix), GroupDigits(row.deals()),
                  FullMoney(row.credited_amount()), SharePercent(row.average_share_bp()),
                  GroupDigits(row.owned_deals()), ShortMoney(row.owned_amount()),
                  ShortMoney(row.owned_credited_amount())});
  }
  out << "credit of " << report.quarter() << " (approved, disputed and final attributions):\n";
  if (report.rows().empty()) {
    out << "No org units credited.\n";
  } else {
    table.Print(out);
  }
  out << "\ndeals: " << GroupDigits(report.deals()) << '\n'
      << "total: " << FullMoney(report.total_amount()) << '\n';
  if (report.partial()) {
    out << "Partial: only the org units in your scope; the total is what their rows credit.\n";
  } else {
    out << "Every org unit: the credited amounts add up to the deals' total.\n";
  }
}

}  // namespace crm::crmctl
