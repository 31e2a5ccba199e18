#include "services/contract/contracts/contract_handlers.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_path.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/text_field.h"
#include "services/contract/approvals/submission.h"
#include "services/contract/contracts/contract_fields.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/rules/contract_states.h"
#include "services/contract/rules/contract_validation.h"

namespace crm::contract {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr int kMaxPageSize = 500;
constexpr char kSigningRule[] = "a contract is signed by the caller's org unit or one below it";

// The page size asked for, capped; a bad one joins `violations` (so the
// caller's other bad fields are named in the same answer) and gives 0.
int PageSize(int32_t requested, status::FieldViolations& violations) {
  absl::StatusOr<int> size = pagination::NormalizePageSize(requested, kDomain);
  if (!size.ok()) {
    violations.Add("page_size", std::string(size.status().message()));
    return 0;
  }
  return std::min(*size, kMaxPageSize);
}

// Adds every violation of `more` to `violations`.
void AddAll(const status::FieldViolations& more, status::FieldViolations& violations) {
  for (const auto& v : more.bad_request().field_violations())
    violations.Add(v.field(), v.description());
}

// The won opportunity a new contract comes from fills its title and amount
// when they are unset; it must be of the same customer.
absl::Status FillFromOpportunity(const opportunity::v1::Opportunity& won, v1::Contract& contract) {
  if (won.stage() != opportunity::v1::WON) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "OPPORTUNITY_NOT_WON",
                         crm::StrCat("contract.opportunity: ", won.name(),
                                     " is not won; only a won opportunity becomes a contract"),
                         {{"opportunity", won.name()}});
  }
  if (won.customer() != contract.customer()) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain,
                         "OPPORTUNITY_OF_ANOTHER_CUSTOMER",
                         crm::StrCat("contract.opportunity: ", won.name(), " is an opportunity of ",
                                     won.customer(), ", not of ", contract.customer()),
                         {{"opportunity", won.name()}, {"customer", won.customer()}});
  }
  if (contract.title().empty()) contract.set_title(won.title());
  if (!contract.has_amount() && won.has_amount() && won.amount().minor_units() > 0) {
    *contract.mutable_amount() = won.amount();
  }
  return absl::OkStatus();
}

// What a field change does to a contract in `from`: DRAFT stays, REJECTED
// is revised to DRAFT, APPROVED stays unless the change is material (then it
// goes back to approval, submitted in the same transaction).
absl::StatusOr<ContractChange> ChangeOf(v1::ContractState from,
                                        const std::vector<std::string>& fields) {
  ContractChange change{.state = from,
                        .comment = crm::StrCat("changed ", absl::StrJoin(fields, ", "))};
  if (from == v1::REJECTED) {
    absl::StatusOr<v1::ContractState> next = NextState(from, ContractAction::kRevise);
    if (!next.ok()) return next.status();
    change.state = *next;
    return change;
  }
  if (from == v1::APPROVED) {
    if (IsMaterialChange(fields)) {
      change.resubmit = true;
      change.comment += "; approval needed again";
    }
    return change;
  }
  if (from == v1::DRAFT) return change;
  if (IsFrozen(from)) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CONTRACT_FROZEN",
                         crm::StrCat("a ", ContractStateName(from),
                                     " contract is frozen: it changes only by signing, "
                                     "activation, expiry or termination"),
                         {{"state", ContractStateName(from)}});
  }
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CONTRACT_NOT_EDITABLE",
                       crm::StrCat("a ", ContractStateName(from),
                                   " contract waits for its approvers; it changes again once "
                                   "approved or rejected"),
                       {{"state", ContractStateName(from)}});
}

}  // namespace

ContractHandlers::ContractHandlers(const ContractContext& context,
                                   const OpportunityLookup* opportunities)
    : context_(context), opportunities_(opportunities), store_(context) {}

std::vector<pg::PreparedStatement> ContractHandlers::Statements() {
  return ContractStore::Statements();
}

absl::Status ContractHandlers::CreateContract(const request::Actor& actor,
                                              const v1::CreateContractRequest& request,
                                              v1::Contract& response,
                                              status::FieldViolations& violations) {
  v1::Contract values = request.contract();
  const auth::v1::Principal& caller = actor.principal;
  if (!values.opportunity().empty() && opportunities_ != nullptr &&
      names::ParseCustomerName(values.customer()).has_value() &&
      names::ParseOpportunityName(values.opportunity()).has_value()) {
    absl::StatusOr<opportunity::v1::Opportunity> won =
        opportunities_->Get(caller, actor.request_id, values.opportunity());
    if (!won.ok()) return won.status();
    if (absl::Status s = FillFromOpportunity(*won, values); !s.ok()) return s;
  }
  // Without an opportunity service the opportunity is checked for its form
  // only (ValidateContract).
  ValidateContract(values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  const std::string customer_id = *names::ParseCustomerName(values.customer());
  absl::StatusOr<replicas::ReplicatedCustomer> customer = context_.customers->Get(customer_id);
  if (!customer.ok()) return customer.status();
  if (values.signing_org_unit().empty()) values.set_signing_org_unit(caller.org_unit());
  absl::StatusOr<std::vector<std::string>> path =
      auth::OrgUnitPathFor(caller, values.signing_org_unit(), kDomain, kSigningRule);
  if (!path.ok()) return path.status();
  if (values.owner_user().empty()) values.set_owner_user(caller.user());

  StoredContract initial;
  initial.signing_org_unit_path = *std::move(path);
  initial.framework_id = ParseContractName(values.framework()).value_or("");
  initial.opportunity_id = names::ParseOpportunityName(values.opportunity()).value_or("");
  initial.view = std::move(values);
  absl::StatusOr<v1::Contract> created = store_.Create(actor, *customer, std::move(initial));
  if (!created.ok()) return created.status();
  response = *std::move(created);
  return absl::OkStatus();
}

absl::Status ContractHandlers::GetContract(const request::Actor& actor,
                                           const v1::GetContractRequest& request,
                                           v1::Contract& response,
                                           status::FieldViolations& violations) {
  const std::string id = ContractIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::Contract> found = store_.Get(actor.principal, id);
  if (!found.ok()) return found.status();
  response = *std::move(found);
  return absl::OkStatus();
}

absl::Status ContractHandlers::ListContracts(const request::Actor& actor,
                                             const v1::ListContractsRequest& request,
                                             v1::ListContractsResponse& response,
                                             status::FieldViolations& violations) {
  const int page_size = PageSize(request.page_size(), violations);
  ContractFilter filter;
  if (!request.customer().empty()) {
    filter.customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  }
  if (!request.signing_org_unit().empty()) {
    names::OrgUnitIdOr(request.signing_org_unit(), "signing_org_unit", violations);
    filter.signing_org_unit = request.signing_org_unit();
  }
  if (!request.framework().empty()) {
    filter.framework_id = ContractIdOr(request.framework(), "framework", violations);
  }
  for (int i = 0; i < request.kinds_size(); ++i) {
    if (!v1::ContractKind_IsValid(request.kinds(i)) || request.kinds(i) == 0) {
      const std::string at = crm::StrCat("kinds[", i, "]");
      violations.Add(at, crm::StrCat(at, ": ", request.kinds(i),
                                     " is not a kind: FRAMEWORK, EXECUTION or STANDALONE"));
    }
    filter.kinds.push_back(request.kinds(i));
  }
  for (int i = 0; i < request.states_size(); ++i) {
    if (!v1::ContractState_IsValid(request.states(i)) || request.states(i) == 0) {
      const std::string at = crm::StrCat("states[", i, "]");
      violations.Add(at, crm::StrCat(at, ": ", request.states(i), " is not a contract state"));
    }
    filter.states.push_back(request.states(i));
  }
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListContracts", actor.principal.user(), request.customer(), request.signing_org_unit(),
       request.framework(),
       crm::StrCat(absl::StrJoin(filter.kinds, ","), "/", absl::StrJoin(filter.states, ","))});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListContracts call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  ContractCursor cursor;
  if (after.size() == 2) {
    (void)absl::SimpleAtoi(after[0], &cursor.create_micros);
    cursor.id = after[1];
  }
  absl::StatusOr<std::vector<v1::Contract>> page =
      store_.List(actor.principal, filter, cursor, page_size);
  if (!page.ok()) return page.status();
  for (v1::Contract& contract : *page) *response.add_contracts() = std::move(contract);
  if (response.contracts_size() == page_size) {
    const v1::Contract& last = response.contracts(response.contracts_size() - 1);
    response.set_next_page_token(context_.page_tokens->Encode(
        fingerprint,
        {.last_key = {crm::StrCat(TimeUtil::TimestampToMicroseconds(last.create_time())),
                      *ParseContractName(last.name())}}));
  }
  return absl::OkStatus();
}

absl::Status ContractHandlers::UpdateContract(const request::Actor& actor,
                                              const v1::UpdateContractRequest& request,
                                              v1::Contract& response,
                                              status::FieldViolations& violations) {
  const v1::Contract& values = request.contract();
  const std::string id = ContractIdOr(values.name(), "contract.name", violations);
  std::optional<int64_t> expected = ParseEtagField(values.etag(), "contract.etag", violations);
  if (values.etag().empty()) {
    violations.Add("contract.etag",
                   "contract.etag: is required: the etag of the contract as you last read it");
  }
  // A bad mask path is answered together with the bad values of the fields
  // the mask does name, which are judged on the locked contract below.
  status::FieldViolations mask_violations;
  const std::vector<std::string> fields = MaskedFields(request.update_mask(), mask_violations);
  if (!violations.empty() || fields.empty()) {
    AddAll(mask_violations, violations);
    return violations.ToStatus(kDomain);
  }
  const bool customer_changes = std::find(fields.begin(), fields.end(), "customer") != fields.end();
  std::optional<replicas::ReplicatedCustomer> new_customer;
  if (customer_changes) {
    const std::string customer_id =
        names::CustomerIdOr(values.customer(), "contract.customer", violations);
    if (!violations.empty()) {
      AddAll(mask_violations, violations);
      return violations.ToStatus(kDomain);
    }
    absl::StatusOr<replicas::ReplicatedCustomer> customer = context_.customers->Get(customer_id);
    if (!customer.ok()) return customer.status();
    new_customer = *std::move(customer);
  }
  const auth::v1::Principal& caller = actor.principal;

  absl::StatusOr<v1::Contract> updated = store_.Change(
      actor, id, expected.value_or(0),
      [&](pqxx::work& tx, const StoredContract& before,
          StoredContract& next) -> absl::StatusOr<ContractChange> {
        ApplyFields(values, fields, caller.user(), next.view);
        status::FieldViolations found = mask_violations;
        ValidateContract(next.view, found);
        if (!found.empty()) return found.ToStatus(kDomain);
        absl::StatusOr<ContractChange> change = ChangeOf(before.view.state(), fields);
        if (!change.ok()) return change.status();
        if (new_customer.has_value() && new_customer->id != before.customer_id) {
          if (absl::Status s = store_.CheckCustomerInScope(tx, caller, *new_customer); !s.ok()) {
            return s;
          }
          next.customer_id = new_customer->id;
        }
        if (next.view.signing_org_unit().empty()) next.view.set_signing_org_unit(caller.org_unit());
        if (next.view.signing_org_unit() != before.view.signing_org_unit()) {
          absl::StatusOr<std::vector<std::string>> path =
              auth::OrgUnitPathFor(caller, next.view.signing_org_unit(), kDomain, kSigningRule);
          if (!path.ok()) return path.status();
          next.signing_org_unit_path = *std::move(path);
        }
        next.framework_id = ParseContractName(next.view.framework()).value_or("");
        return change;
      },
      [&](pqxx::work& tx, StoredContract& contract, absl::Time now) -> absl::Status {
        return SubmitInTransaction(*context_.outbox, tx, actor, contract, now,
                                   "a material change after approval", "UpdateContract");
      });
  if (!updated.ok()) return updated.status();
  response = *std::move(updated);
  return absl::OkStatus();
}

absl::Status ContractHandlers::RenewContract(const request::Actor& actor,
                                             const v1::RenewContractRequest& request,
                                             v1::Contract& response,
                                             status::FieldViolations& violations) {
  const std::string id = ContractIdOr(request.name(), "name", violations);
  if (!request.has_end_date()) {
    violations.Add("end_date", "end_date: is required: the renewal's last day in force");
  } else {
    validation::CheckDate(request.end_date(), "end_date", violations);
  }
  if (!request.title().empty()) {
    validation::CheckText(request.title(), "title", 1, kMaxTitleChars, validation::Lines::kSingle,
                          violations);
  }
  if (request.has_amount()) CheckContractAmount(request.amount(), "amount", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const auth::v1::Principal& caller = actor.principal;

  absl::StatusOr<v1::Contract> renewed =
      store_.Renew(actor, id, [&](const StoredContract& old) -> absl::StatusOr<StoredContract> {
        const v1::ContractState state = old.view.state();
        if (state != v1::SIGNED && state != v1::ACTIVE && state != v1::EXPIRED) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kDomain, "CONTRACT_NOT_RENEWABLE",
              crm::StrCat("cannot renew a ", ContractStateName(state),
                          " contract; only SIGNED, ACTIVE or EXPIRED ones are renewed"),
              {{"contract", old.view.name()}, {"state", ContractStateName(state)}});
        }
        if (!old.view.renewed_by().empty()) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kDomain, "RENEWAL_IN_PROGRESS",
              crm::StrCat(old.view.name(), " is already being renewed by ", old.view.renewed_by()),
              {{"contract", old.view.name()}, {"renewedBy", old.view.renewed_by()}});
        }
        StoredContract next;
        next.customer_id = old.customer_id;
        next.framework_id = old.framework_id;
        next.renews_id = old.id;
        next.signing_org_unit_path = old.signing_org_unit_path;
        v1::Contract& c = next.view;
        c.set_kind(old.view.kind());
        c.set_title(request.title().empty() ? old.view.title() : request.title());
        c.set_customer(old.view.customer());
        c.set_signing_org_unit(old.view.signing_org_unit());
        c.set_owner_user(caller.user());
        *c.mutable_amount() = request.has_amount() ? request.amount() : old.view.amount();
        *c.mutable_start_date() =
            validation::FromCivilDay(validation::ToCivilDay(old.view.end_date()) + 1);
        *c.mutable_end_date() = request.end_date();
        c.set_payment_terms(old.view.payment_terms());
        c.set_framework(old.view.framework());
        status::FieldViolations found;
        ValidateContract(c, found);
        if (!found.empty()) {
          // Name the request's fields, not the derived contract's.
          status::FieldViolations renamed;
          for (const auto& v : found.bad_request().field_violations()) {
            std::string field = v.field();
            if (field.starts_with("contract.")) field = field.substr(9);
            std::string message = v.description();
            if (message.starts_with("contract.")) message = message.substr(9);
            renamed.Add(field, message);
          }
          return renamed.ToStatus(kDomain);
        }
        return next;
      });
  if (!renewed.ok()) return renewed.status();
  response = *std::move(renewed);
  return absl::OkStatus();
}

absl::Status ContractHandlers::ListContractHistory(const request::Actor& actor,
                                                   const v1::ListContractHistoryRequest& request,
                                                   v1::ListContractHistoryResponse& response,
                                                   status::FieldViolations& violations) {
  const int page_size = PageSize(request.page_size(), violations);
  const std::string id = ContractIdOr(request.parent(), "parent", violations);
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListContractHistory", request.parent()});
  const std::vector<std::string> after =
      context_.page_tokens->ResumeAfter(request.page_token(), fingerprint, 1,
                                        "ListContractHistory call for this contract", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  int64_t after_id = 0;
  if (after.size() == 1) (void)absl::SimpleAtoi(after[0], &after_id);
  absl::StatusOr<std::vector<ContractStore::HistoryRow>> rows =
      store_.History(actor.principal, id, after_id, page_size);
  if (!rows.ok()) return rows.status();
  for (ContractStore::HistoryRow& row : *rows) *response.add_entries() = std::move(row.entry);
  if (static_cast<int>(rows->size()) == page_size) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = {crm::StrCat(rows->back().id)}}));
  }
  return absl::OkStatus();
}

}  // namespace crm::contract
