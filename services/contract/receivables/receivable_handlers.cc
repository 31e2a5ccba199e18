#include "services/contract/receivables/receivable_handlers.h"

#include <optional>
#include <string>
#include <utility>

#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/idempotency/request_log.h"
#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"
#include "services/contract/rules/aging.h"
#include "services/contract/rules/receipt_allocation.h"

namespace crm::contract {
namespace {

constexpr char kDefaultCurrency[] = "CNY";

// The selectors a receivables request may give (contract only for
// GetReceivables).
struct Selectors {
  std::string_view contract, customer, group, org_unit;
  bool with_contract = false;
};

// The one target of `selectors`, or violations.
ReceivablesQuery TargetOf(const Selectors& selectors, status::FieldViolations& violations) {
  using Target = ReceivablesQuery::Target;
  ReceivablesQuery query;
  const int given = !selectors.contract.empty() + !selectors.customer.empty() +
                    !selectors.group.empty() + !selectors.org_unit.empty();
  if (given != 1) {
    const std::string field = selectors.with_contract ? "contract" : "org_unit";
    violations.Add(field,
                   crm::StrCat(field, ": give exactly one of ",
                               selectors.with_contract ? "contract (contracts/{uuid}), " : "",
                               "customer (customers/{uuid}), group (nodes/{node}) and org_unit "
                               "(orgUnits/{org_unit}); got ",
                               given));
  } else if (!selectors.contract.empty()) {
    query.target = Target::kContract;
    query.contract_id = ContractIdOr(selectors.contract, "contract", violations);
  } else if (!selectors.customer.empty()) {
    query.target = Target::kCustomer;
    query.customer_id = names::CustomerIdOr(selectors.customer, "customer", violations);
  } else if (!selectors.group.empty()) {
    query.target = Target::kGroup;
    if (std::optional<int64_t> node = names::ParseNodeName(selectors.group)) {
      query.node_id = *node;
    } else {
      violations.Add("group", crm::StrCat("group: ", Quote(selectors.group),
                                          " is not a node name like nodes/42"));
    }
  } else {
    query.target = Target::kOrgUnit;
    const std::string id = names::OrgUnitIdOr(selectors.org_unit, "org_unit", violations);
    if (!id.empty()) query.org_unit = names::OrgUnitName(id);
  }
  return query;
}

std::string CurrencyOf(std::string_view requested, status::FieldViolations& violations) {
  const std::string currency = requested.empty() ? kDefaultCurrency : std::string(requested);
  if (!money::IsCurrencyCode(currency)) {
    violations.Add("currency_code",
                   crm::StrCat("currency_code: ", Quote(currency),
                               " is not an ISO 4217 code (three upper-case letters, e.g. CNY)"));
  }
  return currency;
}

// PERMISSION_DENIED for an org unit target outside the caller's scope.
absl::Status CheckOrgUnit(const auth::DataScope& scope, const ReceivablesQuery& query) {
  if (query.target != ReceivablesQuery::Target::kOrgUnit || scope.all ||
      scope.Contains(query.org_unit)) {
    return absl::OkStatus();
  }
  return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ORG_UNIT_OUT_OF_SCOPE",
                       crm::StrCat(query.org_unit,
                                   " is outside your data scope: ask for an org unit of your "
                                   "own subtree"),
                       {{"orgUnit", query.org_unit}});
}

common::v1::Money MoneyOf(const std::string& currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

}  // namespace

ReceivableHandlers::ReceivableHandlers(const ContractContext& context)
    : context_(context), receipts_(context), receivables_(*context.pool) {}

std::vector<pg::PreparedStatement> ReceivableHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = ReceiptStore::Statements();
  for (pg::PreparedStatement& s : ReceivablesStore::Statements()) statements.push_back(s);
  return statements;
}

absl::Status ReceivableHandlers::RecordReceipt(const request::Actor& actor,
                                               const v1::RecordReceiptRequest& request,
                                               v1::Receipt& response,
                                               status::FieldViolations& violations) {
  const std::string contract_id = ContractIdOr(request.parent(), "parent", violations);
  if (!request.has_receipt()) {
    violations.Add("receipt", "receipt: required");
  } else {
    ValidateReceipt(request.receipt(), clock::BusinessToday(*context_.clock), violations);
  }
  idempotency::ValidateRequestId(request.request_id(), violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::Receipt> receipt = receipts_.Record(actor, contract_id, request.receipt());
  if (!receipt.ok()) return receipt.status();
  response = *std::move(receipt);
  return absl::OkStatus();
}

absl::Status ReceivableHandlers::ListReceipts(const request::Actor& actor,
                                              const v1::ListReceiptsRequest& request,
                                              v1::ListReceiptsResponse& response,
                                              status::FieldViolations& violations) {
  const std::string contract_id = ContractIdOr(request.parent(), "parent", violations);
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListReceipts", contract_id, actor.principal.user()});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListReceipts call with this parent", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<ReceiptPage> page = receipts_.List(actor.principal, contract_id, after, page_size);
  if (!page.ok()) return page.status();
  for (v1::Receipt& receipt : page->receipts) *response.add_receipts() = std::move(receipt);
  if (!page->last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = std::move(page->last_key)}));
  }
  return absl::OkStatus();
}

absl::Status ReceivableHandlers::GetReceivables(const request::Actor& actor,
                                                const v1::GetReceivablesRequest& request,
                                                v1::Receivables& response,
                                                status::FieldViolations& violations) {
  ReceivablesQuery query = TargetOf({.contract = request.contract(),
                                     .customer = request.customer(),
                                     .group = request.group(),
                                     .org_unit = request.org_unit(),
                                     .with_contract = true},
                                    violations);
  query.currency_code = CurrencyOf(request.currency_code(), violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  query.today = clock::BusinessToday(*context_.clock);
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  if (absl::Status s = CheckOrgUnit(scope, query); !s.ok()) return s;

  if (query.target == ReceivablesQuery::Target::kContract) {
    // Its milestones, each with paid, outstanding and days overdue; the
    // contract must be in scope.
    absl::Status read = pg::RunReadOnly(
        *context_.pool,
        [&](pqxx::nontransaction& tx) -> absl::Status {
          if (absl::Status s = CheckContractInScope(tx, actor.principal, query.contract_id);
              !s.ok()) {
            return s;
          }
          absl::StatusOr<v1::Contract> contract =
              ReadContractView(tx, query.contract_id, query.today);
          if (!contract.ok()) return contract.status();
          *response.mutable_milestones() = std::move(*contract->mutable_payment_milestones());
          return absl::OkStatus();
        },
        "contract.receivables_milestones");
    if (!read.ok()) return read;
  }
  absl::StatusOr<OpenFigures> figures = receivables_.Compute(scope, query);
  if (!figures.ok()) return figures.status();
  const std::string& currency = query.currency_code;
  *response.mutable_receivable() = MoneyOf(currency, figures->receivable);
  *response.mutable_overdue() = MoneyOf(currency, figures->overdue);
  response.set_open_milestone_count(figures->open_count);
  response.set_overdue_milestone_count(figures->overdue_count);
  response.set_max_days_overdue(figures->max_days_overdue);
  response.set_other_currency_count(figures->other_currency_count);
  *response.mutable_as_of() = validation::FromCivilDay(query.today);
  return absl::OkStatus();
}

absl::Status ReceivableHandlers::GetAgingReport(const request::Actor& actor,
                                                const v1::GetAgingReportRequest& request,
                                                v1::AgingReport& response,
                                                status::FieldViolations& violations) {
  ReceivablesQuery query = TargetOf(
      {.customer = request.customer(), .group = request.group(), .org_unit = request.org_unit()},
      violations);
  query.currency_code = CurrencyOf(request.currency_code(), violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  query.today = clock::BusinessToday(*context_.clock);
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  if (absl::Status s = CheckOrgUnit(scope, query); !s.ok()) return s;

  absl::StatusOr<OpenFigures> figures = receivables_.Compute(scope, query);
  if (!figures.ok()) return figures.status();
  const std::string& currency = query.currency_code;
  // Σ buckets is the overdue figure: both count the milestones due before
  // today, and the buckets meet without gaps from 1 day on.
  *response.mutable_not_due() = MoneyOf(currency, figures->receivable - figures->overdue);
  for (size_t i = 0; i < kAgingBuckets.size(); ++i) {
    v1::AgingBucket& bucket = *response.add_buckets();
    bucket.set_label(std::string(kAgingBuckets[i].label));
    bucket.set_min_days(kAgingBuckets[i].min_days);
    bucket.set_max_days(kAgingBuckets[i].max_days);
    *bucket.mutable_amount() = MoneyOf(currency, figures->buckets[i].amount);
    bucket.set_milestone_count(figures->buckets[i].count);
  }
  *response.mutable_total_overdue() = MoneyOf(currency, figures->overdue);
  response.set_other_currency_count(figures->other_currency_count);
  *response.mutable_as_of() = validation::FromCivilDay(query.today);
  return absl::OkStatus();
}

}  // namespace crm::contract
