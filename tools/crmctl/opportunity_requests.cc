#include "tools/crmctl/opportunity_requests.h"

#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

constexpr char kDefaultCurrency[] = "CNY";

absl::StatusOr<std::string> NameArgument(const Invocation& invocation) {
  return CheckedOpportunityName(invocation.args.at(0));
}

// An open stage from `text`; won and lost are refused with the command that
// reaches them.
absl::StatusOr<v1::Stage> OpenStage(std::string_view text, std::string_view label) {
  absl::StatusOr<v1::Stage> stage = ParseStage(text, label);
  if (!stage.ok()) return stage.status();
  if (*stage == v1::WON || *stage == v1::LOST) {
    return UsageError(crm::StrCat(std::string(label), ": ", StageName(*stage),
                                  " is not an open stage; use \"crmctl opportunity ",
                                  *stage == v1::WON ? "win" : "lose",
                                  "\" (open stages: ", StageChoices(), ")"));
  }
  if (*stage == v1::STAGE_UNSPECIFIED) {
    return UsageError(crm::StrCat(std::string(label), " needs a stage: ", StageChoices()));
  }
  return *stage;
}

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
// mask. `for_update` allows --probability default and "" for the lists.
absl::Status ApplyFields(const FlagValues& flags, bool for_update, v1::Opportunity* opportunity,
                         google::protobuf::FieldMask* update_mask, bool* reset_probability) {
  Mask mask(update_mask);
  const std::optional<std::string> currency_flag = flags.Get("currency");
  const std::string currency = currency_flag.value_or(kDefaultCurrency);
  if (currency_flag.has_value() && !flags.Has("amount") && !flags.Has("product") &&
      !flags.Has("budget-min") && !flags.Has("budget-max")) {
    return UsageError("--currency goes with --amount, --product, --budget-min or --budget-max");
  }
  if (flags.Has("amount") && flags.Has("product")) {
    return UsageError(
        "give --amount or --product, not both: with product lines the amount is their sum");
  }

  if (flags.Has("title")) {
    opportunity->set_title(*flags.Get("title"));
    mask.Add("title");
  }
  if (flags.Has("owner-org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("owner-org-unit"));
    if (!org_unit.ok()) return FlagError("owner-org-unit", org_unit.status().message());
    opportunity->set_owner_org_unit(*org_unit);
    mask.Add("owner_org_unit");
  }
  if (flags.Has("owner-user")) {
    absl::StatusOr<std::string> user = CheckedUserName(*flags.Get("owner-user"));
    if (!user.ok()) return FlagError("owner-user", user.status().message());
    opportunity->set_owner_user(*user);
    mask.Add("owner_user");
  }
  if (flags.Has("collaborator")) {
    for (const std::string& value : flags.GetAll("collaborator")) {
      // --collaborator "" on update: none.
      if (value.empty() && for_update) continue;
      absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(value);
      if (!org_unit.ok()) return FlagError("collaborator", org_unit.status().message());
      opportunity->add_collaborating_org_units(*org_unit);
    }
    mask.Add("collaborating_org_units");
  }
  if (flags.Has("probability")) {
    const std::string text = *flags.Get("probability");
    int32_t probability = 0;
    if (for_update && text == "default") {
      *reset_probability = true;
    } else if (absl::SimpleAtoi(text, &probability) && probability >= 0 && probability <= 100) {
      opportunity->set_probability(probability);
    } else {
      return FlagError("probability",
                       crm::StrCat("\"", text, "\" is not a whole percentage from 0 to 100",
                                   for_update ? " (or \"default\": the stage's)" : ""));
    }
    mask.Add("probability");
  }
  if (flags.Has("forecast")) {
    absl::StatusOr<v1::ForecastCategory> category = ParseForecastCategory(*flags.Get("forecast"));
    if (!category.ok()) return category.status();
    opportunity->set_forecast_category(*category);
    mask.Add("forecast_category");
  }
  if (flags.Has("amount")) {
    absl::StatusOr<common::v1::Money> amount = ParseMoney(*flags.Get("amount"), currency);
    if (!amount.ok()) return FlagError("amount", amount.status().message());
    *opportunity->mutable_amount() = *std::move(amount);
    mask.Add("amount");
  }
  if (flags.Has("product")) {
    for (const std::string& value : flags.GetAll("product")) {
      absl::StatusOr<v1::ProductLine> line = ParseProductLine(value, currency);
      if (!line.ok()) return line.status();
      *opportunity->add_product_lines() = *std::move(line);
    }
    mask.Add("product_lines");
  }
  for (const auto& [flag, path, field] :
       {std::tuple{"expected-close", "expected_close_date",
                   &v1::Opportunity::mutable_expected_close_date},
        std::tuple{"next-follow-up", "next_follow_up_date",
                   &v1::Opportunity::mutable_next_follow_up_date}}) {
    if (!flags.Has(flag)) continue;
    absl::StatusOr<common::v1::Date> date = ParseDateFlag(*flags.Get(flag), flag);
    if (!date.ok()) return date.status();
    // "" leaves the date unset: the mask path clears it.
    if (!flags.Get(flag)->empty()) *(opportunity->*field)() = *date;
    mask.Add(path);
  }
  if (flags.Has("lead-source")) {
    opportunity->set_lead_source(*flags.Get("lead-source"));
    mask.Add("lead_source");
  }
  if (flags.Has("competitor")) {
    for (const std::string& value : flags.GetAll("competitor")) {
      if (!value.empty()) opportunity->add_competitors(value);
    }
    mask.Add("competitors");
  }
  if (flags.Has("committee")) {
    for (const std::string& value : flags.GetAll("committee")) {
      if (value.empty() && for_update) continue;
      absl::StatusOr<v1::CommitteeMember> member = ParseCommitteeMember(value);
      if (!member.ok()) return member.status();
      *opportunity->add_buying_committee() = *std::move(member);
    }
    mask.Add("buying_committee");
  }

  // The needs survey is one field: its flags replace the whole survey.
  bool survey = false;
  v1::NeedsSurvey* needs = opportunity->mutable_needs_survey();
  for (const auto& [flag, field] :
       {std::pair{"background", needs->mutable_background()},
        std::pair{"goals", needs->mutable_goals()},
        std::pair{"timeline", needs->mutable_timeline()},
        std::pair{"decision-process", needs->mutable_decision_process()}}) {
    if (!flags.Has(flag)) continue;
    *field = *flags.Get(flag);
    survey = true;
  }
  // Member pointers, so a budget not given stays unset.
  for (const auto& [flag, field] :
       {std::pair{"budget-min", &v1::NeedsSurvey::mutable_budget_min},
        std::pair{"budget-max", &v1::NeedsSurvey::mutable_budget_max}}) {
    if (!flags.Has(flag)) continue;
    absl::StatusOr<common::v1::Money> budget = ParseMoney(*flags.Get(flag), currency);
    if (!budget.ok()) return FlagError(flag, budget.status().message());
    *(needs->*field)() = *std::move(budget);
    survey = true;
  }
  for (const std::string& value : flags.GetAll("pain-point")) {
    needs->add_pain_points(value);
    survey = true;
  }
  for (const std::string& value : flags.GetAll("survey-competitor")) {
    needs->add_competitors(value);
    survey = true;
  }
  if (survey) {
    mask.Add("needs_survey");
  } else {
    opportunity->clear_needs_survey();
  }
  return absl::OkStatus();
}

// --etag, or "" for the command to read the current one.
std::string EtagFlagValue(const FlagValues& flags) { return flags.Get("etag").value_or(""); }

}  // namespace

absl::StatusOr<v1::CreateOpportunityRequest> BuildCreateOpportunityRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> customer_flag = RequiredFlag(flags, "customer");
  if (!customer_flag.ok()) return customer_flag.status();
  absl::StatusOr<std::string> customer = CustomerName(*customer_flag);
  if (!customer.ok()) return FlagError("customer", customer.status().message());
  if (flags.Get("title").value_or("").empty()) return UsageError("--title is required");

  v1::CreateOpportunityRequest request;
  v1::Opportunity* opportunity = request.mutable_opportunity();
  opportunity->set_customer(*customer);
  if (flags.Has("stage")) {
    absl::StatusOr<v1::Stage> stage = OpenStage(*flags.Get("stage"), "--stage");
    if (!stage.ok()) return stage.status();
    opportunity->set_stage(*stage);
  }
  bool reset_probability = false;
  absl::Status status =
      ApplyFields(flags, /*for_update=*/false, opportunity, nullptr, &reset_probability);
  if (!status.ok()) return status;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetOpportunityRequest> BuildGetOpportunityRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::GetOpportunityRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListOpportunitiesRequest> BuildListOpportunitiesRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListOpportunitiesRequest request;
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(flags.Get("page-token").value_or(""));
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  }
  if (flags.Has("owner-user")) {
    absl::StatusOr<std::string> user = CheckedUserName(*flags.Get("owner-user"));
    if (!user.ok()) return FlagError("owner-user", user.status().message());
    request.set_owner_user(*user);
  }
  if (flags.Has("org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("org-unit"));
    if (!org_unit.ok()) return FlagError("org-unit", org_unit.status().message());
    request.set_owner_org_unit(*org_unit);
  }
  for (const std::string& value : flags.GetAll("stage")) {
    absl::StatusOr<v1::Stage> stage = ParseStage(value, "--stage");
    if (!stage.ok()) return stage.status();
    if (*stage == v1::STAGE_UNSPECIFIED) return UsageError("--stage needs a stage");
    request.add_stages(*stage);
  }
  return request;
}

absl::StatusOr<v1::UpdateOpportunityRequest> BuildUpdateOpportunityRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Has("title") && flags.Get("title")->empty()) {
    return UsageError("--title cannot be empty");
  }
  v1::UpdateOpportunityRequest request;
  bool reset_probability = false;
  absl::Status status = ApplyFields(flags, /*for_update=*/true, request.mutable_opportunity(),
                                    request.mutable_update_mask(), &reset_probability);
  if (!status.ok()) return status;
  if (request.update_mask().paths().empty()) {
    return UsageError(
        "nothing to update; give one or more of --title, --amount, --product, "
        "--expected-close, --next-follow-up, --probability, --forecast, --owner-org-unit, "
        "--owner-user, --collaborator, --competitor, --lead-source, --committee or the survey "
        "flags");
  }
  request.set_reset_probability(reset_probability);
  request.mutable_opportunity()->set_name(*name);
  request.mutable_opportunity()->set_etag(EtagFlagValue(flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ChangeStageRequest> BuildChangeStageRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  absl::StatusOr<v1::Stage> stage = OpenStage(invocation.args.at(1), "STAGE");
  if (!stage.ok()) return stage.status();
  v1::ChangeStageRequest request;
  request.set_name(*name);
  request.set_stage(*stage);
  request.set_etag(EtagFlagValue(invocation.flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::WinOpportunityRequest> BuildWinOpportunityRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::WinOpportunityRequest request;
  request.set_name(*name);
  if (invocation.flags.Has("close-date")) {
    absl::StatusOr<common::v1::Date> date =
        ParseDateFlag(*invocation.flags.Get("close-date"), "close-date");
    if (!date.ok()) return date.status();
    *request.mutable_close_date() = *date;
  }
  request.set_etag(EtagFlagValue(invocation.flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::LoseOpportunityRequest> BuildLoseOpportunityRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Get("reason").value_or("").empty()) {
    return UsageError(crm::StrCat("--reason is required: ", LossReasonChoices()));
  }
  absl::StatusOr<v1::LossReason> reason = ParseLossReason(*flags.Get("reason"));
  if (!reason.ok()) return reason.status();
  const std::string text = flags.Get("text").value_or("");
  if (*reason == v1::OTHER && text.empty()) {
    return UsageError("--reason other needs --text saying what the reason was");
  }
  v1::LoseOpportunityRequest request;
  request.set_name(*name);
  request.set_loss_reason(*reason);
  request.set_loss_reason_text(text);
  if (flags.Has("close-date")) {
    absl::StatusOr<common::v1::Date> date = ParseDateFlag(*flags.Get("close-date"), "close-date");
    if (!date.ok()) return date.status();
    *request.mutable_close_date() = *date;
  }
  request.set_etag(EtagFlagValue(flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ReopenOpportunityRequest> BuildReopenOpportunityRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  if (flags.Get("stage").value_or("").empty()) {
    return UsageError(
        crm::StrCat("--stage is required: the open stage to reopen at, ", StageChoices()));
  }
  absl::StatusOr<v1::Stage> stage = OpenStage(*flags.Get("stage"), "--stage");
  if (!stage.ok()) return stage.status();
  absl::StatusOr<std::string> reason = RequiredFlag(flags, "reason");
  if (!reason.ok()) return reason.status();
  v1::ReopenOpportunityRequest request;
  request.set_name(*name);
  request.set_stage(*stage);
  request.set_reason(*reason);
  request.set_etag(EtagFlagValue(flags));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListOpportunityHistoryRequest> BuildListOpportunityHistoryRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListOpportunityHistoryRequest request;
  request.set_parent(*name);
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(invocation.flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(invocation.flags.Get("page-token").value_or(""));
  return request;
}

}  // namespace crm::crmctl
