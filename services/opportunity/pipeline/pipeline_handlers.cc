#include "services/opportunity/pipeline/pipeline_handlers.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/crypto/crypto.h"
#include "libs/etag/etag.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/enum_value.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/pipeline/opportunity_fields.h"
#include "services/opportunity/pipeline/stage_moves.h"
#include "services/opportunity/rules/opportunity_validation.h"
#include "services/opportunity/rules/stages.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;

// An etag field the request must carry: its version, or a violation.
std::optional<int64_t> RequiredEtag(const std::string& etag, const std::string& field,
                                    status::FieldViolations& violations) {
  if (etag.empty()) {
    violations.Add(field, crm::StrCat(field, ": is required; pass the etag of the last read"));
    return std::nullopt;
  }
  return ParseEtagField(etag, field, violations);
}

absl::Status CustomerUnusable(const replicas::ReplicatedCustomer& customer) {
  const std::string name = names::CustomerName(customer.id);
  if (customer.state == replicas::CustomerState::kMerged) {
    const std::string survivor = names::CustomerName(customer.merged_into);
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
                         crm::StrCat(name, " was merged into ", survivor, "; use ", survivor),
                         {{"customer", name}, {"mergedInto", survivor}});
  }
  return absl::OkStatus();
}

// The opportunity's fields named by the mask, copied from `from` onto the
// stored one.
absl::Status ApplyMask(const v1::Opportunity& from, const absl::flat_hash_set<std::string>& paths,
                       const std::vector<std::string>& owner_path,
                       const auth::v1::Principal& caller, bool reset_probability,
                       const StageModel& model, StoredOpportunity& to) {
  v1::Opportunity& o = to.view;
  const auto has = [&](const char* path) { return paths.contains(path); };
  if (has("owner_org_unit") || has("owner_user")) {
    // Handing a deal over is for its owner side (the owner org unit or above
    // it) or HQ, not for a collaborator who merely sees it.
    const bool owner_side = std::find(to.owner_org_unit_path.begin(), to.owner_org_unit_path.end(),
                                      caller.org_unit()) != to.owner_org_unit_path.end();
    if (!owner_side && !auth::ScopeOf(caller).all) {
      return status::Error(
          absl::StatusCode::kPermissionDenied, kDomain, "OWNER_CHANGE_NOT_PERMITTED",
          crm::StrCat(caller.user(), " of ", caller.org_unit(), " may not hand over ", o.name(),
                      ": HQ or its owner org unit ", o.owner_org_unit(), " may"),
          {{"opportunity", o.name()}, {"ownerOrgUnit", o.owner_org_unit()}});
    }
  }
  if (has("title")) o.set_title(from.title());
  if (has("owner_org_unit")) {
    o.set_owner_org_unit(from.owner_org_unit().empty() ? caller.org_unit() : from.owner_org_unit());
    to.owner_org_unit_path = owner_path;
  }
  if (has("owner_user")) {
    o.set_owner_user(from.owner_user().empty() ? caller.user() : from.owner_user());
  }
  if (has("collaborating_org_units")) {
    *o.mutable_collaborating_org_units() = from.collaborating_org_units();
  }
  if (has("probability")) {
    if (reset_probability) {
      o.set_probability_overridden(false);
      o.set_probability(model.Probability(o.stage()));
    } else {
      o.set_probability_overridden(true);
      o.set_probability(from.probability());
    }
  }
  if (has("forecast_category")) {
    o.set_forecast_category(from.forecast_category() == v1::FORECAST_CATEGORY_UNSPECIFIED
                                ? (IsOpenStage(o.stage()) ? v1::PIPELINE
                                   : o.stage() == v1::WON ? v1::CLOSED
                                                          : v1::OMITTED)
                                : from.forecast_category());
  }
  if (has("product_lines")) {
    // Lines are priced in the deal's currency once it has an amount; a deal
    // without one takes the lines' currency.
    if (o.product_lines_size() > 0 || o.amount().minor_units() != 0) {
      status::FieldViolations violations;
      for (int i = 0; i < from.product_lines_size(); ++i) {
        const std::string& currency = from.product_lines(i).unit_price().currency_code();
        if (currency == o.amount().currency_code()) continue;
        const std::string field =
            crm::StrCat("opportunity.product_lines[", i, "].unit_price.currency_code");
        violations.Add(field,
                       crm::StrCat(field, ": ", Quote(currency), " is not the deal's currency ",
                                   o.amount().currency_code(), "; price the lines in it"));
      }
      if (!violations.empty()) return violations.ToStatus(kDomain);
    } else {
      o.mutable_amount()->clear_currency_code();
    }
    *o.mutable_product_lines() = from.product_lines();
  }
  if (has("amount")) {
    if (o.product_lines_size() > 0) {
      status::FieldViolations violations;
      violations.Add("opportunity.amount",
                     "opportunity.amount: the opportunity has product_lines, whose sum is its "
                     "amount; change the lines, or clear them in the same update");
      return violations.ToStatus(kDomain);
    }
    *o.mutable_amount() = from.amount();
  }
  if (absl::Status s = PriceOpportunity(o); !s.ok()) return s;
  if (has("expected_close_date")) *o.mutable_expected_close_date() = from.expected_close_date();
  if (has("next_follow_up_date")) *o.mutable_next_follow_up_date() = from.next_follow_up_date();
  if (has("lead_source")) o.set_lead_source(from.lead_source());
  if (has("competitors")) *o.mutable_competitors() = from.competitors();
  if (has("buying_committee")) *o.mutable_buying_committee() = from.buying_committee();
  if (has("needs_survey")) *o.mutable_needs_survey() = from.needs_survey();
  return absl::OkStatus();
}

}  // namespace

absl::Status PipelineHandlers::CreateOpportunity(const Actor& actor,
                                                 const v1::CreateOpportunityRequest& request,
                                                 v1::Opportunity& response,
                                                 Violations& violations) {
  v1::Opportunity values = request.opportunity();
  ValidateOpportunityForCreate(values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const std::string customer_id = names::ParseCustomerName(values.customer()).value_or("");

  absl::StatusOr<replicas::ReplicatedCustomer> customer = deps_.customers->Get(customer_id);
  if (!customer.ok()) return customer.status();
  if (absl::Status s = CustomerUnusable(*customer); !s.ok()) return s;
  const auth::v1::Principal& caller = actor.principal;
  const std::string owner_unit =
      values.owner_org_unit().empty() ? caller.org_unit() : values.owner_org_unit();
  absl::StatusOr<std::vector<std::string>> owner_path =
      OpportunityStore::OwnerPathFor(caller, owner_unit);
  if (!owner_path.ok()) return owner_path.status();
  if (absl::Status s = deps_.contacts->Resolve(caller, actor.request_id, customer_id, *deps_.store,
                                               values, violations);
      !s.ok()) {
    return s;
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);
  if (absl::Status s = PriceOpportunity(values); !s.ok()) return s;

  StoredOpportunity initial;
  initial.id = crypto::NewUuid();
  initial.owner_org_unit_path = *std::move(owner_path);
  v1::Opportunity& o = initial.view;
  o = std::move(values);
  o.set_name(OpportunityName(initial.id));
  o.set_owner_org_unit(owner_unit);
  if (o.owner_user().empty()) o.set_owner_user(caller.user());
  if (o.stage() == v1::STAGE_UNSPECIFIED) o.set_stage(v1::LEAD);
  // A probability the seller gave is kept; else the store sets the stage's.
  o.set_probability_overridden(request.opportunity().probability() != 0);
  if (o.forecast_category() == v1::FORECAST_CATEGORY_UNSPECIFIED) {
    o.set_forecast_category(v1::PIPELINE);
  }
  o.clear_loss_reason();
  o.clear_loss_reason_text();
  o.clear_close_date();
  if (o.amount().currency_code().empty()) o.mutable_amount()->set_currency_code("CNY");
  absl::StatusOr<v1::Opportunity> created =
      deps_.store->Create(actor, *customer, std::move(initial));
  if (!created.ok()) return created.status();
  response = *std::move(created);
  return absl::OkStatus();
}

absl::Status PipelineHandlers::GetOpportunity(const Actor& actor,
                                              const v1::GetOpportunityRequest& request,
                                              v1::Opportunity& response, Violations& violations) {
  const std::string id = OpportunityIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::Opportunity> found = deps_.store->Get(actor.principal, id);
  if (!found.ok()) return found.status();
  response = *std::move(found);
  return absl::OkStatus();
}

absl::Status PipelineHandlers::ListOpportunities(const Actor& actor,
                                                 const v1::ListOpportunitiesRequest& request,
                                                 v1::ListOpportunitiesResponse& response,
                                                 Violations& violations) {
  OpportunityFilter filter;
  if (!request.customer().empty()) {
    filter.customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  }
  if (!request.owner_user().empty() &&
      !names::UserIdOr(request.owner_user(), "owner_user", violations).empty()) {
    filter.owner_user = request.owner_user();
  }
  if (!request.owner_org_unit().empty() &&
      !names::OrgUnitIdOr(request.owner_org_unit(), "owner_org_unit", violations).empty()) {
    filter.owner_org_unit = request.owner_org_unit();
  }
  for (int i = 0; i < request.stages_size(); ++i) {
    validation::CheckEnum<v1::Stage>(request.stages(i), crm::StrCat("stages[", i, "]"),
                                     validation::Presence::kRequired, violations);
    filter.stages.push_back(request.stages(i));
  }
  absl::StatusOr<int> page_size = pagination::NormalizePageSize(request.page_size(), kDomain);
  if (!page_size.ok()) violations.Add("page_size", std::string(page_size.status().message()));
  if (!violations.empty()) return violations.ToStatus(kDomain);

  std::string stages;
  for (const int stage : filter.stages) crm::StrAppend(&stages, stage, ",");
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListOpportunities", actor.principal.user(), request.customer(),
                                    request.owner_user(), request.owner_org_unit(), stages});
  absl::StatusOr<pagination::PageCursor> cursor =
      deps_.page_tokens->Decode(request.page_token(), fingerprint, kDomain);
  if (!cursor.ok()) return cursor.status();
  OpportunityCursor after;
  if (cursor->last_key.size() == 2) {
    if (!absl::SimpleAtoi(cursor->last_key[0], &after.create_micros)) {
      return absl::InternalError("opportunity list cursor is not a number");
    }
    after.id = cursor->last_key[1];
  }
  absl::StatusOr<std::vector<v1::Opportunity>> page =
      deps_.store->List(actor.principal, filter, after, *page_size + 1);
  if (!page.ok()) return page.status();
  const bool more = static_cast<int>(page->size()) > *page_size;
  if (more) page->pop_back();
  for (v1::Opportunity& o : *page) *response.add_opportunities() = std::move(o);
  if (more) {
    const v1::Opportunity& last = *response.opportunities().rbegin();
    response.set_next_page_token(deps_.page_tokens->Encode(
        fingerprint,
        {.last_key = {crm::StrCat(TimeUtil::TimestampToMicroseconds(last.create_time())),
                      *ParseOpportunityName(last.name())}}));
  }
  return absl::OkStatus();
}

absl::Status PipelineHandlers::UpdateOpportunity(const Actor& actor,
                                                 const v1::UpdateOpportunityRequest& request,
                                                 v1::Opportunity& response,
                                                 Violations& violations) {
  v1::Opportunity values = request.opportunity();
  const std::string id = OpportunityIdOr(values.name(), "opportunity.name", violations);
  const std::optional<int64_t> version =
      RequiredEtag(values.etag(), "opportunity.etag", violations);
  absl::flat_hash_set<std::string> paths;
  for (std::string& path : ValidateOpportunityUpdate(values, request.update_mask(), violations)) {
    paths.insert(std::move(path));
  }
  if (request.reset_probability() && !paths.contains("probability")) {
    violations.Add("reset_probability", "reset_probability: needs \"probability\" in update_mask");
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);

  const auth::v1::Principal& caller = actor.principal;
  // Permission first: the opportunity as the caller may see it.
  absl::StatusOr<v1::Opportunity> current = deps_.store->Get(caller, id);
  if (!current.ok()) return current.status();
  std::vector<std::string> owner_path;
  if (paths.contains("owner_org_unit")) {
    absl::StatusOr<std::vector<std::string>> path = OpportunityStore::OwnerPathFor(
        caller, values.owner_org_unit().empty() ? caller.org_unit() : values.owner_org_unit());
    if (!path.ok()) return path.status();
    owner_path = *std::move(path);
  }
  if (paths.contains("buying_committee")) {
    const std::string customer_id = *names::ParseCustomerName(current->customer());
    if (absl::Status s = deps_.contacts->Resolve(caller, actor.request_id, customer_id,
                                                 *deps_.store, values, violations);
        !s.ok()) {
      return s;
    }
    if (!violations.empty()) return violations.ToStatus(kDomain);
  }
  absl::StatusOr<v1::Opportunity> updated = deps_.store->Change(
      actor, id, version,
      [&](StoredOpportunity& o, const StageModel& model, absl::Time) -> absl::StatusOr<ChangeNote> {
        if (absl::Status s =
                ApplyMask(values, paths, owner_path, caller, request.reset_probability(), model, o);
            !s.ok()) {
          return s;
        }
        return ChangeNote{.event = v1::OpportunityEvent::OPPORTUNITY_UPDATED};
      });
  if (!updated.ok()) return updated.status();
  response = *std::move(updated);
  return absl::OkStatus();
}

absl::Status PipelineHandlers::Transition(const Actor& actor, const std::string& name,
                                          const std::string& etag,
                                          const StageTransition& transition,
                                          const common::v1::Date& close_date,
                                          v1::Opportunity& response, Violations& violations) {
  const std::string id = OpportunityIdOr(name, "name", violations);
  const std::optional<int64_t> version = RequiredEtag(etag, "etag", violations);
  ValidateTransition(transition, violations);
  if (IsSet(close_date)) validation::CheckDate(close_date, "close_date", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::Opportunity> changed = deps_.store->Change(
      actor, id, version, [&](StoredOpportunity& o, const StageModel& model, absl::Time now) {
        return ApplyStageTransition(o, transition, actor.principal, close_date, model, now);
      });
  if (!changed.ok()) return changed.status();
  response = *std::move(changed);
  return absl::OkStatus();
}

absl::Status PipelineHandlers::ChangeStage(const Actor& actor,
                                           const v1::ChangeStageRequest& request,
                                           v1::Opportunity& response, Violations& violations) {
  return Transition(actor, request.name(), request.etag(), ChangeStageTo{.stage = request.stage()},
                    common::v1::Date(), response, violations);
}

absl::Status PipelineHandlers::WinOpportunity(const Actor& actor,
                                              const v1::WinOpportunityRequest& request,
                                              v1::Opportunity& response, Violations& violations) {
  return Transition(actor, request.name(), request.etag(), Win{}, request.close_date(), response,
                    violations);
}

absl::Status PipelineHandlers::LoseOpportunity(const Actor& actor,
                                               const v1::LoseOpportunityRequest& request,
                                               v1::Opportunity& response, Violations& violations) {
  return Transition(actor, request.name(), request.etag(),
                    Lose{.reason = request.loss_reason(), .text = request.loss_reason_text()},
                    request.close_date(), response, violations);
}

absl::Status PipelineHandlers::ReopenOpportunity(const Actor& actor,
                                                 const v1::ReopenOpportunityRequest& request,
                                                 v1::Opportunity& response,
                                                 Violations& violations) {
  return Transition(actor, request.name(), request.etag(),
                    Reopen{.stage = request.stage(), .reason = request.reason()},
                    common::v1::Date(), response, violations);
}

absl::Status PipelineHandlers::ListOpportunityHistory(
    const Actor& actor, const v1::ListOpportunityHistoryRequest& request,
    v1::ListOpportunityHistoryResponse& response, Violations& violations) {
  const std::string id = OpportunityIdOr(request.parent(), "parent", violations);
  absl::StatusOr<int> page_size = pagination::NormalizePageSize(request.page_size(), kDomain);
  if (!page_size.ok()) violations.Add("page_size", std::string(page_size.status().message()));
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListOpportunityHistory", request.parent()});
  absl::StatusOr<pagination::PageCursor> cursor =
      deps_.page_tokens->Decode(request.page_token(), fingerprint, kDomain);
  if (!cursor.ok()) return cursor.status();
  int64_t after = 0;
  if (!cursor->last_key.empty() && !absl::SimpleAtoi(cursor->last_key.front(), &after)) {
    return absl::InternalError("history cursor is not a number");
  }
  absl::StatusOr<std::vector<OpportunityStore::HistoryRow>> rows =
      deps_.store->History(actor.principal, id, after, *page_size + 1);
  if (!rows.ok()) return rows.status();
  const bool more = static_cast<int>(rows->size()) > *page_size;
  if (more) rows->pop_back();
  for (OpportunityStore::HistoryRow& row : *rows) *response.add_entries() = std::move(row.entry);
  if (more) {
    response.set_next_page_token(
        deps_.page_tokens->Encode(fingerprint, {.last_key = {crm::StrCat(rows->back().id)}}));
  }
  return absl::OkStatus();
}

absl::Status PipelineHandlers::GetStageModel(const Actor&, const v1::GetStageModelRequest& request,
                                             v1::StageModel& response, Violations& violations) {
  if (!request.name().empty() && request.name() != "stageModel") {
    violations.Add("name", crm::StrCat("name: '", request.name(),
                                       "' is not the stage model; its name is stageModel"));
    return violations.ToStatus(kDomain);
  }
  absl::StatusOr<v1::StageModel> model = deps_.store->CurrentStageModelView();
  if (!model.ok()) return model.status();
  response = *std::move(model);
  return absl::OkStatus();
}

absl::Status PipelineHandlers::UpdateStageModel(const Actor& actor,
                                                const v1::UpdateStageModelRequest& request,
                                                v1::StageModel& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ROLE_NOT_ALLOWED",
                         crm::StrCat(caller.user(),
                                     " is not hq_admin; only HQ sets the stage "
                                     "model"),
                         {{"user", caller.user()}});
  }
  const std::optional<int64_t> version =
      RequiredEtag(request.stage_model().etag(), "stage_model.etag", violations);
  ValidateStageModel(request.stage_model(), violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<StageModel> model = StageModelFromProto(request.stage_model());
  if (!model.ok()) return model.status();
  absl::StatusOr<v1::StageModel> updated =
      deps_.store->UpdateStageModel(actor, *model, version.value_or(0));
  if (!updated.ok()) return updated.status();
  response = *std::move(updated);
  return absl::OkStatus();
}

}  // namespace crm::opportunity
