#include "tools/crmctl/contract_printer.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;

constexpr char kUserPrefix[] = "users/";
constexpr char kOrgUnitPrefix[] = "orgUnits/";

// "framework 框架协议".
std::string KindWords(v1::ContractKind kind) {
  if (kind == v1::CONTRACT_KIND_UNSPECIFIED) return "";
  const std::string english = ContractKindName(kind);
  if (english.empty()) return crm::StrCat("kind ", static_cast<int>(kind));
  return crm::StrCat(english, " ", ContractKindChineseName(kind));
}

// "pending-approval 待审批".
std::string StateWords(v1::ContractState state) {
  if (state == v1::CONTRACT_STATE_UNSPECIFIED) return "";
  const std::string english = ContractStateName(state);
  if (english.empty()) return crm::StrCat("state ", static_cast<int>(state));
  return crm::StrCat(english, " ", ContractStateChineseName(state));
}

std::string CustomerWords(const v1::Contract& contract) {
  return contract.customer_display_name().empty() ? LastSegment(contract.customer())
                                                  : contract.customer_display_name();
}

// "1,200,000.00 CNY" (money::FormatMoney); "" for an unset amount.
std::string Amount(const common::v1::Money& money) {
  return money.currency_code().empty() ? "" : money::FormatMoney(money);
}

// The 万元 of a CNY amount; "" for another currency or none.
std::string WanYuan(const common::v1::Money& money) {
  return money.currency_code() == "CNY" ? money::FormatWanYuan(money.minor_units()) : "";
}

// "1 legal: approved by users/zhao.min 2026-11-02T10:00:00+08:00 (条款无异议)";
// "2 finance: waiting".
std::string StepWords(const v1::ApprovalStep& step) {
  std::string text = crm::StrCat(step.sequence(), " ", step.role(), ": ");
  if (step.outcome() == v1::ApprovalStep::OUTCOME_UNSPECIFIED) {
    crm::StrAppend(&text, "waiting");
    return text;
  }
  crm::StrAppend(&text, ApprovalOutcomeName(step.outcome()), " by ", step.approver());
  if (step.has_decide_time()) crm::StrAppend(&text, " ", FormatTimestamp(step.decide_time()));
  if (!step.comment().empty()) crm::StrAppend(&text, " (", step.comment(), ")");
  return text;
}

// "1 2026-10-01 525,000.00 CNY 签约款; paid 525,000.00 CNY".
std::string MilestoneWords(const v1::PaymentMilestone& milestone) {
  std::string text = crm::StrCat(milestone.sequence(), " ", FormatDate(milestone.due_date()), " ",
                                 Amount(milestone.amount()));
  if (!milestone.description().empty()) crm::StrAppend(&text, " ", milestone.description());
  std::vector<std::string> status;
  if (!milestone.paid().currency_code().empty() && milestone.paid().minor_units() != 0) {
    status.push_back(crm::StrCat("paid ", Amount(milestone.paid())));
  }
  if (!milestone.outstanding().currency_code().empty() &&
      milestone.outstanding().minor_units() != 0 &&
      milestone.outstanding().minor_units() != milestone.amount().minor_units()) {
    status.push_back(crm::StrCat("outstanding ", Amount(milestone.outstanding())));
  }
  if (milestone.days_overdue() > 0) {
    status.push_back(crm::StrCat(milestone.days_overdue(), " days overdue"));
  }
  if (!status.empty()) crm::StrAppend(&text, "; ", absl::StrJoin(status, ", "));
  return text;
}

// "before → after", or the value alone when it did not change.
std::string Change(const std::string& before, const std::string& after) {
  if (before == after || before.empty()) return after;
  return crm::StrCat(before, " → ", after);
}

std::string DaysOverdue(int32_t days) { return days > 0 ? crm::StrCat(days) : ""; }

// "1 milestone", "2 open milestones" (with `adjective` "open ").
std::string Milestones(int64_t count, std::string_view adjective = "") {
  return crm::StrCat(GroupDigits(count), " ", adjective, count == 1 ? "milestone" : "milestones");
}

}  // namespace

std::string CurrentStep(const v1::Contract& contract) {
  if (contract.state() != v1::PENDING_APPROVAL) return "";
  for (const v1::ApprovalStep& step : contract.approval_steps()) {
    if (step.outcome() == v1::ApprovalStep::OUTCOME_UNSPECIFIED) {
      return crm::StrCat(step.sequence(), "/", contract.approval_steps_size(), " ", step.role());
    }
  }
  return "";
}

void PrintContract(const v1::Contract& contract, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", contract.name());
  record.Add("contract_number", contract.contract_number());
  record.Add("kind", KindWords(contract.kind()));
  record.Add("state", StateWords(contract.state()));
  record.Add("title", contract.title());
  record.Add("customer", contract.customer());
  record.Add("customer_display_name", contract.customer_display_name());
  record.Add("signing_org_unit", contract.signing_org_unit());
  record.Add("owner_user", contract.owner_user());
  record.Add("amount", FullMoney(contract.amount()));
  if (contract.kind() == v1::FRAMEWORK) {
    record.Add("framework_used", FullMoney(contract.framework_used()));
    record.Add("framework_remaining", FullMoney(contract.framework_remaining()));
  }
  if (!contract.framework().empty()) record.Add("framework", contract.framework());
  record.Add("start_date", FormatDate(contract.start_date()));
  record.Add("end_date", FormatDate(contract.end_date()));
  record.Add("signing_date", FormatDate(contract.signing_date()));
  record.Add("payment_terms", contract.payment_terms());
  if (!contract.opportunity().empty()) record.Add("opportunity", contract.opportunity());
  if (!contract.renews().empty()) record.Add("renews", contract.renews());
  if (!contract.renewed_by().empty()) record.Add("renewed_by", contract.renewed_by());
  std::vector<std::string> milestones;
  for (const v1::PaymentMilestone& milestone : contract.payment_milestones()) {
    milestones.push_back(MilestoneWords(milestone));
  }
  if (contract.kind() != v1::FRAMEWORK) {
    record.AddList("payment_milestones", milestones);
    record.Add("received", FullMoney(contract.received()));
    record.Add("outstanding", FullMoney(contract.outstanding()));
  }
  std::vector<std::string> steps;
  for (const v1::ApprovalStep& step : contract.approval_steps()) steps.push_back(StepWords(step));
  record.AddList("approval_steps", steps);
  record.Add("submitter", contract.submitter());
  if (!contract.termination_reason().empty()) {
    record.Add("termination_reason", contract.termination_reason());
  }
  std::vector<std::string> attachments;
  for (const v1::Attachment& attachment : contract.attachments()) {
    attachments.push_back(
        crm::StrCat(attachment.display_name(), " ", attachment.uri(), " ", attachment.checksum()));
  }
  record.AddList("attachments", attachments);
  record.Add("create_time", FormatTimestamp(contract.create_time()));
  record.Add("update_time", FormatTimestamp(contract.update_time()));
  record.Add("etag", contract.etag());
  record.Print(out);
}

void PrintContractList(const v1::ListContractsResponse& response, std::ostream& out) {
  TablePrinter table(
      {"ID", "NUMBER", "KIND", "STATE", "TITLE", "CUSTOMER", "AMOUNT", "START", "END", "ORG_UNIT"});
  for (const v1::Contract& contract : response.contracts()) {
    table.AddRow({LastSegment(contract.name()), contract.contract_number(),
                  ContractKindName(contract.kind()), ContractStateName(contract.state()),
                  contract.title(), CustomerWords(contract), ShortMoney(contract.amount()),
                  FormatDate(contract.start_date()), FormatDate(contract.end_date()),
                  WithoutPrefix(contract.signing_org_unit(), kOrgUnitPrefix)});
  }
  table.Print(out);
}

int ContractCount(const v1::ListContractsResponse& response) { return response.contracts_size(); }

void PrintContractHistory(const v1::ListContractHistoryResponse& response, std::ostream& out) {
  TablePrinter table({"TIME", "ACTOR", "METHOD", "STATE", "COMMENT"});
  for (const v1::ContractHistoryEntry& entry : response.entries()) {
    table.AddRow(
        {FormatTimestamp(entry.change_time()), WithoutPrefix(entry.actor(), kUserPrefix),
         entry.method(),
         Change(ContractStateName(entry.previous_state()), ContractStateName(entry.state())),
         entry.comment()});
  }
  table.Print(out);
}

int ContractHistoryCount(const v1::ListContractHistoryResponse& response) {
  return response.entries_size();
}

void PrintInbox(const v1::ListApprovalInboxResponse& response, std::ostream& out) {
  TablePrinter table(
      {"ID", "NUMBER", "KIND", "TITLE", "CUSTOMER", "AMOUNT", "STEP", "SUBMITTER", "ORG_UNIT"});
  for (const v1::Contract& contract : response.contracts()) {
    table.AddRow({LastSegment(contract.name()), contract.contract_number(),
                  ContractKindName(contract.kind()), contract.title(), CustomerWords(contract),
                  ShortMoney(contract.amount()), CurrentStep(contract),
                  WithoutPrefix(contract.submitter(), kUserPrefix),
                  WithoutPrefix(contract.signing_org_unit(), kOrgUnitPrefix)});
  }
  table.Print(out);
}

int InboxCount(const v1::ListApprovalInboxResponse& response) { return response.contracts_size(); }

void PrintExpiring(const v1::ListExpiringContractsResponse& response, std::ostream& out) {
  TablePrinter table(
      {"ID", "NUMBER", "TITLE", "CUSTOMER", "AMOUNT", "END", "DAYS_LEFT", "RENEWAL", "ORG_UNIT"});
  for (const v1::ExpiringContract& expiring : response.contracts()) {
    const v1::Contract& contract = expiring.contract();
    table.AddRow(
        {LastSegment(contract.name()), contract.contract_number(), contract.title(),
         CustomerWords(contract), ShortMoney(contract.amount()), FormatDate(contract.end_date()),
         crm::StrCat(expiring.days_left()),
         expiring.renewal_in_progress()
             ? (contract.renewed_by().empty()
                    ? "in progress"
                    : crm::StrCat("in progress (", LastSegment(contract.renewed_by()), ")"))
             : "none",
         WithoutPrefix(contract.signing_org_unit(), kOrgUnitPrefix)});
  }
  table.Print(out);
}

int ExpiringCount(const v1::ListExpiringContractsResponse& response) {
  return response.contracts_size();
}

void PrintApprovalPolicy(const v1::ApprovalPolicy& policy, std::ostream& out) {
  TablePrinter table({"STEP", "ROLE", "WHEN"});
  int step = 0;
  for (const v1::ApprovalRule& rule : policy.rules()) {
    ++step;
    table.AddRow({crm::StrCat(step), rule.role(),
                  rule.above().minor_units() == 0
                      ? "always"
                      : crm::StrCat("amount above ", FullMoney(rule.above()))});
  }
  table.Print(out);
  out << "\nversion: " << policy.version() << '\n';
  if (policy.has_update_time()) out << "updated: " << FormatTimestamp(policy.update_time()) << '\n';
  out << "etag: " << policy.etag() << '\n'
      << "Contracts in another currency get every step; the steps are fixed when a contract is "
         "submitted.\n";
}

void PrintReceipt(const v1::Receipt& receipt, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", receipt.name());
  record.Add("receive_date", FormatDate(receipt.receive_date()));
  record.Add("amount", FullMoney(receipt.amount()));
  record.Add("bank_reference", receipt.bank_reference());
  std::vector<std::string> allocations;
  for (const v1::ReceiptAllocation& allocation : receipt.allocations()) {
    allocations.push_back(crm::StrCat("milestone ", allocation.milestone_sequence(), ": ",
                                      Amount(allocation.amount())));
  }
  record.AddList("allocations", allocations);
  record.Add("recorder", receipt.recorder());
  record.Add("create_time", FormatTimestamp(receipt.create_time()));
  record.Print(out);
}

void PrintReceiptList(const v1::ListReceiptsResponse& response, std::ostream& out) {
  TablePrinter table({"ID", "DATE", "AMOUNT", "BANK_REFERENCE", "MILESTONES", "RECORDER"});
  for (const v1::Receipt& receipt : response.receipts()) {
    std::vector<std::string> allocations;
    for (const v1::ReceiptAllocation& allocation : receipt.allocations()) {
      allocations.push_back(
          crm::StrCat(allocation.milestone_sequence(), ": ", ShortMoney(allocation.amount())));
    }
    table.AddRow({LastSegment(receipt.name()), FormatDate(receipt.receive_date()),
                  Amount(receipt.amount()), receipt.bank_reference(),
                  absl::StrJoin(allocations, ", "),
                  WithoutPrefix(receipt.recorder(), kUserPrefix)});
  }
  table.Print(out);
}

int ReceiptCount(const v1::ListReceiptsResponse& response) { return response.receipts_size(); }

void PrintReceivables(const v1::Receivables& receivables, std::ostream& out) {
  RecordPrinter record;
  record.Add("as_of", FormatDate(receivables.as_of()));
  record.Add("receivable", crm::StrCat(FullMoney(receivables.receivable()), " in ",
                                       Milestones(receivables.open_milestone_count(), "open ")));
  record.Add("overdue",
             crm::StrCat(FullMoney(receivables.overdue()), " in ",
                         Milestones(receivables.overdue_milestone_count()), " past due"));
  record.Add("max_days_overdue", crm::StrCat(receivables.max_days_overdue()));
  if (receivables.other_currency_count() > 0) {
    record.Add("other_currencies", crm::StrCat(Milestones(receivables.other_currency_count()),
                                               " in other currencies, not in the totals"));
  }
  record.Print(out);
  if (receivables.milestones().empty()) return;
  TablePrinter table(
      {"SEQ", "DUE", "AMOUNT", "PAID", "OUTSTANDING", "DAYS_OVERDUE", "DESCRIPTION"});
  for (const v1::PaymentMilestone& milestone : receivables.milestones()) {
    table.AddRow({crm::StrCat(milestone.sequence()), FormatDate(milestone.due_date()),
                  Amount(milestone.amount()), Amount(milestone.paid()),
                  Amount(milestone.outstanding()), DaysOverdue(milestone.days_overdue()),
                  milestone.description()});
  }
  out << '\n';
  table.Print(out);
}

void PrintAgingReport(const v1::AgingReport& report, std::ostream& out) {
  TablePrinter table({"DAYS_OVERDUE", "AMOUNT", "万元", "MILESTONES"});
  int64_t milestones = 0;
  for (const v1::AgingBucket& bucket : report.buckets()) {
    table.AddRow({bucket.label(), Amount(bucket.amount()), WanYuan(bucket.amount()),
                  GroupDigits(bucket.milestone_count())});
    milestones += bucket.milestone_count();
  }
  table.AddRow({"total overdue", Amount(report.total_overdue()), WanYuan(report.total_overdue()),
                GroupDigits(milestones)});
  table.AddRow({"not yet due", Amount(report.not_due()), WanYuan(report.not_due()), ""});
  out << "aging of overdue receivables as of " << FormatDate(report.as_of()) << ":\n";
  table.Print(out);
  if (report.other_currency_count() > 0) {
    out << Milestones(report.other_currency_count())
        << " in other currencies, not in these totals.\n";
  }
}

}  // namespace crm::crmctl
