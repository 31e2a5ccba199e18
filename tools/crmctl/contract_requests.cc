#include "tools/crmctl/contract_requests.h"

#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/contract_values.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;

constexpr char kDefaultCurrency[] = "CNY";

absl::StatusOr<std::string> NameArgument(const Invocation& invocation) {
  return CheckedContractName(invocation.args.at(0));
}

// --currency, or CNY.
std::string CurrencyFlag(const FlagValues& flags) {
  return flags.Get("currency").value_or(kDefaultCurrency);
}

// --etag, or "" for the command to read the current one.
std::string EtagFlagValue(const FlagValues& flags) { return flags.Get("etag").value_or(""); }

// Collects the update mask; null on create.
class Mask final {
 public:
  explicit Mask(google::protobuf::FieldMask* mask) : mask_(mask) {}
  void Add(const char* path) {
    if (mask_ != nullptr) mask_->add_paths(path);
  }

 private:
  google::protobuf::FieldMask* mask_;
};

// The flags create and update share, in the order their paths enter the
// mask. On update, --milestone "" and --attachment "" clear the list.
absl::Status ApplyFields(const FlagValues& flags, bool for_update, v1::Contract* contract,
                         google::protobuf::FieldMask* update_mask) {
  Mask mask(update_mask);
  const std::string currency = CurrencyFlag(flags);
  if (flags.Has("currency") && !flags.Has("amount") && !flags.Has("milestone")) {
    return UsageError("--currency goes with --amount or --milestone");
  }
  if (flags.Has("title")) {
    contract->set_title(*flags.Get("title"));
    mask.Add("title");
  }
  if (for_update && flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    contract->set_customer(*customer);
    mask.Add("customer");
  }
  if (flags.Has("signing-org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("signing-org-unit"));
    if (!org_unit.ok()) return FlagError("signing-org-unit", org_unit.status().message());
    contract->set_signing_org_unit(*org_unit);
    mask.Add("signing_org_unit");
  }
  if (flags.Has("owner-user")) {
    absl::StatusOr<std::string> user = CheckedUserName(*flags.Get("owner-user"));
    if (!user.ok()) return FlagError("owner-user", user.status().message());
    contract->set_owner_user(*user);
    mask.Add("owner_user");
  }
  if (flags.Has("amount")) {
    absl::StatusOr<common::v1::Money> amount = ParseMoney(*flags.Get("amount"), currency);
    if (!amount.ok()) return FlagError("amount", amount.status().message());
    *contract->mutable_amount() = *std::move(amount);
    mask.Add("amount");
  }
  for (const auto& [flag, path, field] :
       {std::tuple{"start", "start_date", &v1::Contract::mutable_start_date},
        std::tuple{"end", "end_date", &v1::Contract::mutable_end_date}}) {
    if (!flags.Has(flag)) continue;
    if (flags.Get(flag)->empty()) return UsageError(crm::StrCat("--", flag, " cannot be empty"));
    absl::StatusOr<common::v1::Date> date = ParseDateFlag(*flags.Get(flag), flag);
    if (!date.ok()) return date.status();
    *(contract->*field)() = *date;
    mask.Add(path);
  }
  if (flags.Has("payment-terms")) {
    contract->set_payment_terms(*flags.Get("payment-terms"));
    mask.Add("payment_terms");
  }
  if (!for_update && flags.Has("opportunity")) {
    absl::StatusOr<std::string> opportunity = CheckedOpportunityName(*flags.Get("opportunity"));
    if (!opportunity.ok()) return FlagError("opportunity", opportunity.status().message());
    contract->set_opportunity(*opportunity);
  }
  if (flags.Has("framework")) {
    const std::string value = *flags.Get("framework");
    // --framework "" on update: none.
    if (!(value.empty() && for_update)) {
      absl::StatusOr<std::string> framework = CheckedContractName(value);
      if (!framework.ok()) return FlagError("framework", framework.status().message());
      contract->set_framework(*framework);
    }
    mask.Add("framework");
  }
  if (flags.Has("attachment")) {
    for (const std::string& value : flags.GetAll("attachment")) {
      if (value.empty() && for_update) continue;
      absl::StatusOr<v1::Attachment> attachment = ParseAttachment(value);
      if (!attachment.ok()) return attachment.status();
      *contract->add_attachments() = *std::move(attachment);
    }
    mask.Add("attachments");
  }
  if (flags.Has("milestone")) {
    for (const std::string& value : flags.GetAll("milestone")) {
      if (value.empty() && for_update) continue;
      absl::StatusOr<v1::PaymentMilestone> milestone = ParseMilestone(value, currency);
      if (!milestone.ok()) return milestone.status();
      *contract->add_payment_milestones() = *std::move(milestone);
    }
    mask.Add("payment_milestones");
  }
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

// A request of the shape {name, etag, comment, request_id}: submit,
// approve, reject. `comment_required` says what the comment is for.
template <typename Request>
absl::StatusOr<Request> BuildDecision(const Invocation& invocation, const char* comment_required) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const std::string comment = invocation.flags.Get("comment").value_or("");
  if (comment_required != nullptr && comment.empty()) {
    return UsageError(crm::StrCat("--comment is required: ", comment_required));
  }
  Request request;
  request.set_name(*name);
  request.set_comment(comment);
  request.set_etag(EtagFlagValue(invocation.flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

}  // namespace

absl::StatusOr<v1::CreateContractRequest> BuildCreateContractRequest(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  if (flags.Get("kind").value_or("").empty()) {
    return UsageError(crm::StrCat("--kind is required: ", ContractKindChoices()));
  }
  absl::StatusOr<v1::ContractKind> kind = ParseContractKind(*flags.Get("kind"), "--kind");
  if (!kind.ok()) return kind.status();
  absl::StatusOr<std::string> customer_flag = RequiredFlag(flags, "customer");
  if (!customer_flag.ok()) return customer_flag.status();
  absl::StatusOr<std::string> customer = CustomerName(*customer_flag);
  if (!customer.ok()) return FlagError("customer", customer.status().message());
  absl::StatusOr<std::string> title = RequiredFlag(flags, "title");
  if (!title.ok()) return title.status();
  if (flags.Has("framework") && *kind != v1::EXECUTION) {
    return UsageError("--framework is for --kind execution only");
  }

  v1::CreateContractRequest request;
  v1::Contract* contract = request.mutable_contract();
  contract->set_kind(*kind);
  contract->set_customer(*customer);
  absl::Status status = ApplyFields(flags, /*for_update=*/false, contract, nullptr);
  if (!status.ok()) return status;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetContractRequest> BuildGetContractRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::GetContractRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListContractsRequest> BuildListContractsRequest(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListContractsRequest request;
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  }
  if (flags.Has("signing-org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("signing-org-unit"));
    if (!org_unit.ok()) return FlagError("signing-org-unit", org_unit.status().message());
    request.set_signing_org_unit(*org_unit);
  }
  if (flags.Has("framework")) {
    absl::StatusOr<std::string> framework = CheckedContractName(*flags.Get("framework"));
    if (!framework.ok()) return FlagError("framework", framework.status().message());
    request.set_framework(*framework);
  }
  for (const std::string& value : flags.GetAll("kind")) {
    absl::StatusOr<v1::ContractKind> kind = ParseContractKind(value, "--kind");
    if (!kind.ok()) return kind.status();
    if (*kind == v1::CONTRACT_KIND_UNSPECIFIED) return UsageError("--kind needs a kind");
    request.add_kinds(*kind);
  }
  for (const std::string& value : flags.GetAll("state")) {
    absl::StatusOr<v1::ContractState> state = ParseContractState(value, "--state");
    if (!state.ok()) return state.status();
    if (*state == v1::CONTRACT_STATE_UNSPECIFIED) return UsageError("--state needs a state");
    request.add_states(*state);
  }
  return request;
}

absl::StatusOr<v1::UpdateContractRequest> BuildUpdateContractRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Has("title") && flags.Get("title")->empty()) {
    return UsageError("--title cannot be empty");
  }
  v1::UpdateContractRequest request;
  absl::Status status = ApplyFields(flags, /*for_update=*/true, request.mutable_contract(),
                                    request.mutable_update_mask());
  if (!status.ok()) return status;
  if (request.update_mask().paths().empty()) {
    return UsageError(
        "nothing to update; give one or more of --title, --customer, --signing-org-unit, "
        "--owner-user, --amount, --start, --end, --payment-terms, --framework, --attachment "
        "or --milestone");
  }
  request.mutable_contract()->set_name(*name);
  request.mutable_contract()->set_etag(EtagFlagValue(flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::SubmitContractRequest> BuildSubmitContractRequest(const Invocation& invocation) {
  return BuildDecision<v1::SubmitContractRequest>(invocation, nullptr);
}

absl::StatusOr<v1::ApproveContractRequest> BuildApproveContractRequest(
    const Invocation& invocation) {
  return BuildDecision<v1::ApproveContractRequest>(invocation, "what you checked");
}

absl::StatusOr<v1::RejectContractRequest> BuildRejectContractRequest(const Invocation& invocation) {
  return BuildDecision<v1::RejectContractRequest>(invocation, "why it goes back");
}

absl::StatusOr<v1::SignContractRequest> BuildSignContractRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::SignContractRequest request;
  request.set_name(*name);
  if (invocation.flags.Has("signing-date")) {
    if (invocation.flags.Get("signing-date")->empty()) {
      return UsageError("--signing-date cannot be empty (leave it out for today)");
    }
    absl::StatusOr<common::v1::Date> date =
        ParseDateFlag(*invocation.flags.Get("signing-date"), "signing-date");
    if (!date.ok()) return date.status();
    *request.mutable_signing_date() = *date;
  }
  request.set_etag(EtagFlagValue(invocation.flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::TerminateContractRequest> BuildTerminateContractRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> reason = RequiredFlag(invocation.flags, "reason");
  if (!reason.ok()) return reason.status();
  v1::TerminateContractRequest request;
  request.set_name(*name);
  request.set_reason(*reason);
  request.set_etag(EtagFlagValue(invocation.flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::RenewContractRequest> BuildRenewContractRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> end = RequiredFlag(flags, "end");
  if (!end.ok()) return end.status();
  if (flags.Has("currency") && !flags.Has("amount")) {
    return UsageError("--currency goes with --amount");
  }
  v1::RenewContractRequest request;
  request.set_name(*name);
  absl::StatusOr<common::v1::Date> end_date = ParseDateFlag(*end, "end");
  if (!end_date.ok()) return end_date.status();
  *request.mutable_end_date() = *end_date;
  if (flags.Has("amount")) {
    absl::StatusOr<common::v1::Money> amount =
        ParseMoney(*flags.Get("amount"), CurrencyFlag(flags));
    if (!amount.ok()) return FlagError("amount", amount.status().message());
    *request.mutable_amount() = *std::move(amount);
  }
  if (flags.Has("title")) {
    if (flags.Get("title")->empty()) return UsageError("--title cannot be empty");
    request.set_title(*flags.Get("title"));
  }
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListContractHistoryRequest> BuildListContractHistoryRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListContractHistoryRequest request;
  request.set_parent(*name);
  absl::Status status = ApplyPage(invocation.flags, request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::ListApprovalInboxRequest> BuildListApprovalInboxRequest(
    const Invocation& invocation) {
  v1::ListApprovalInboxRequest request;
  absl::Status status = ApplyPage(invocation.flags, request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::ListExpiringContractsRequest> BuildListExpiringContractsRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListExpiringContractsRequest request;
  if (flags.Has("days")) {
    int32_t days = 0;
    if (!absl::SimpleAtoi(*flags.Get("days"), &days) || days < 1 || days > 366) {
      return FlagError("days",
                       crm::StrCat("\"", *flags.Get("days"), "\" is not a number of days 1-366"));
    }
    request.set_days(days);
  }
  if (flags.Has("org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("org-unit"));
    if (!org_unit.ok()) return FlagError("org-unit", org_unit.status().message());
    request.set_org_unit(*org_unit);
  }
  request.set_without_renewal_only(flags.IsOn("without-renewal"));
  absl::Status status = ApplyPage(flags, request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::GetApprovalPolicyRequest> BuildGetApprovalPolicyRequest(const Invocation&) {
  v1::GetApprovalPolicyRequest request;
  request.set_name("approvalPolicy");
  return request;
}

absl::StatusOr<v1::UpdateApprovalPolicyRequest> BuildUpdateApprovalPolicyRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  if (!flags.Has("rule")) {
    return UsageError(
        "give the whole policy as --rule ROLE[:ABOVE] flags in order, e.g. --rule legal "
        "--rule finance:1000000 --rule hq_admin:10000000");
  }
  absl::StatusOr<std::string> etag = RequiredFlag(flags, "etag");
  if (!etag.ok()) {
    return UsageError(
        "--etag is required: the policy is replaced whole, so give the etag "
        "\"contract policy get\" showed");
  }
  v1::UpdateApprovalPolicyRequest request;
  v1::ApprovalPolicy* policy = request.mutable_approval_policy();
  policy->set_name("approvalPolicy");
  policy->set_etag(*etag);
  for (const std::string& value : flags.GetAll("rule")) {
    absl::StatusOr<v1::ApprovalRule> rule = ParseApprovalRule(value, CurrencyFlag(flags));
    if (!rule.ok()) return rule.status();
    *policy->add_rules() = *std::move(rule);
  }
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::RecordReceiptRequest> BuildRecordReceiptRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> date = RequiredFlag(flags, "date");
  if (!date.ok()) return date.status();
  absl::StatusOr<std::string> amount_text = RequiredFlag(flags, "amount");
  if (!amount_text.ok()) return amount_text.status();
  absl::StatusOr<std::string> reference = RequiredFlag(flags, "bank-reference");
  if (!reference.ok()) return reference.status();
  const std::string currency = CurrencyFlag(flags);

  v1::RecordReceiptRequest request;
  request.set_parent(*name);
  v1::Receipt* receipt = request.mutable_receipt();
  absl::StatusOr<common::v1::Date> receive_date = ParseDateFlag(*date, "date");
  if (!receive_date.ok()) return receive_date.status();
  *receipt->mutable_receive_date() = *receive_date;
  absl::StatusOr<common::v1::Money> amount = ParseMoney(*amount_text, currency);
  if (!amount.ok()) return FlagError("amount", amount.status().message());
  *receipt->mutable_amount() = *std::move(amount);
  receipt->set_bank_reference(*reference);
  for (const std::string& value : flags.GetAll("allocate")) {
    absl::StatusOr<v1::ReceiptAllocation> allocation = ParseAllocation(value, currency);
    if (!allocation.ok()) return allocation.status();
    *receipt->add_allocations() = *std::move(allocation);
  }
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListReceiptsRequest> BuildListReceiptsRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListReceiptsRequest request;
  request.set_parent(*name);
  absl::Status status = ApplyPage(invocation.flags, request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::GetReceivablesRequest> BuildGetReceivablesRequest(const Invocation& invocation) {
  absl::StatusOr<ReportSubject> subject =
      ParseReportSubject(invocation.flags, {"contract", "customer", "group", "org-unit"});
  if (!subject.ok()) return subject.status();
  v1::GetReceivablesRequest request;
  if (subject->flag == "contract") {
    request.set_contract(subject->name);
  } else if (subject->flag == "customer") {
    request.set_customer(subject->name);
  } else if (subject->flag == "group") {
    request.set_group(subject->name);
  } else {
    request.set_org_unit(subject->name);
  }
  request.set_currency_code(invocation.flags.Get("currency").value_or(""));
  return request;
}

absl::StatusOr<v1::GetAgingReportRequest> BuildGetAgingReportRequest(const Invocation& invocation) {
  absl::StatusOr<ReportSubject> subject =
      ParseReportSubject(invocation.flags, {"org-unit", "group", "customer"});
  if (!subject.ok()) return subject.status();
  v1::GetAgingReportRequest request;
  if (subject->flag == "org-unit") {
    request.set_org_unit(subject->name);
  } else if (subject->flag == "group") {
    request.set_group(subject->name);
  } else {
    request.set_customer(subject->name);
  }
  request.set_currency_code(invocation.flags.Get("currency").value_or(""));
  return request;
}

}  // namespace crm::crmctl
