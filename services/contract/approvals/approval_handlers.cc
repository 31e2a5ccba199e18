#include "services/contract/approvals/approval_handlers.h"

#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "libs/auth/roles.h"
#include "libs/clock/business_day.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/text_field.h"
#include "services/contract/approvals/decisions.h"
#include "services/contract/approvals/inbox_store.h"
#include "services/contract/approvals/policy_store.h"
#include "services/contract/approvals/submission.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/rules/approval_policy.h"

namespace crm::contract {
namespace {

constexpr size_t kMaxCommentChars = 1000;

bool IsSet(const common::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

}  // namespace

std::vector<pg::PreparedStatement> ApprovalHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = SubmissionStatements();
  for (auto part : {DecisionStatements(), InboxStatements()}) {
    statements.insert(statements.end(), part.begin(), part.end());
  }
  return statements;
}

absl::Status ApprovalHandlers::Change(const Actor& actor, const std::string& id,
                                      int64_t expected_version, ChangeFn change,
                                      v1::Contract& response) {
  absl::StatusOr<v1::Contract> changed = idempotency::RunIdempotent<v1::Contract>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Contract> {
        absl::StatusOr<StoredContract> contract = LockContract(tx, actor.principal, id);
        if (!contract.ok()) return contract.status();
        if (contract->version != expected_version) {
          return EtagMismatch(kDomain, contract->view.name(), expected_version, contract->version);
        }
        const absl::Time now = context_.clock->Now();
        const absl::CivilDay today = clock::BusinessToday(*context_.clock);
        if (absl::Status s = change(tx, *contract, now, today); !s.ok()) return s;
        return ReadContractView(tx, id, today);
      });
  if (!changed.ok()) return changed.status();
  response = *std::move(changed);
  return absl::OkStatus();
}

absl::Status ApprovalHandlers::SubmitContract(const Actor& actor,
                                              const v1::SubmitContractRequest& request,
                                              v1::Contract& response, Violations& violations) {
  const std::string id = ContractIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  validation::CheckText(request.comment(), "comment", 0, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Change(
      actor, id, version,
      [&](pqxx::work& tx, StoredContract& contract, absl::Time now, absl::CivilDay) {
        return SubmitInTransaction(*context_.outbox, tx, actor, contract, now, request.comment(),
                                   actor.method);
      },
      response);
}

absl::Status ApprovalHandlers::ApproveContract(const Actor& actor,
                                               const v1::ApproveContractRequest& request,
                                               v1::Contract& response, Violations& violations) {
  return Decide(actor, request.name(), request.etag(), request.comment(), /*approve=*/true,
                response, violations);
}

absl::Status ApprovalHandlers::RejectContract(const Actor& actor,
                                              const v1::RejectContractRequest& request,
                                              v1::Contract& response, Violations& violations) {
  return Decide(actor, request.name(), request.etag(), request.comment(), /*approve=*/false,
                response, violations);
}

absl::Status ApprovalHandlers::Decide(const Actor& actor, const std::string& name,
                                      const std::string& etag, const std::string& comment,
                                      bool approve, v1::Contract& response,
                                      Violations& violations) {
  const std::string id = ContractIdOr(name, "name", violations);
  const int64_t version = RequiredEtagField(etag, "etag", violations).value_or(0);
  validation::CheckText(comment, "comment", 1, kMaxCommentChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Change(
      actor, id, version,
      [&](pqxx::work& tx, StoredContract& contract, absl::Time now, absl::CivilDay) {
        return DecideInTransaction(*context_.outbox, tx, actor, contract, approve, comment, now);
      },
      response);
}

absl::Status ApprovalHandlers::SignContract(const Actor& actor,
                                            const v1::SignContractRequest& request,
                                            v1::Contract& response, Violations& violations) {
  const std::string id = ContractIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  const absl::CivilDay today = clock::BusinessToday(*context_.clock);
  absl::CivilDay signing_date = today;
  if (IsSet(request.signing_date())) {
    const size_t before = violations.size();
    validation::CheckDate(request.signing_date(), "signing_date", violations);
    if (violations.size() == before) {
      signing_date = validation::ToCivilDay(request.signing_date());
      if (signing_date > today) {
        violations.Add("signing_date",
                       crm::StrCat("signing_date: ", validation::FormatDate(request.signing_date()),
                                   " is in the future; today is ",
                                   validation::FormatDate(validation::FromCivilDay(today)),
                                   " (Asia/Shanghai)"));
      }
    }
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Change(
      actor, id, version,
      [&](pqxx::work& tx, StoredContract& contract, absl::Time now, absl::CivilDay today_then) {
        return SignInTransaction(*context_.outbox, tx, actor, contract, signing_date, today_then,
                                 now);
      },
      response);
}

absl::Status ApprovalHandlers::TerminateContract(const Actor& actor,
                                                 const v1::TerminateContractRequest& request,
                                                 v1::Contract& response, Violations& violations) {
  const std::string id = ContractIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  validation::CheckText(request.reason(), "reason", 1, kMaxCommentChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Change(
      actor, id, version,
      [&](pqxx::work& tx, StoredContract& contract, absl::Time now, absl::CivilDay) {
        return TerminateInTransaction(*context_.outbox, tx, actor, contract, request.reason(), now);
      },
      response);
}

absl::Status ApprovalHandlers::ListApprovalInbox(const Actor& actor,
                                                 const v1::ListApprovalInboxRequest& request,
                                                 v1::ListApprovalInboxResponse& response,
                                                 Violations& violations) {
  absl::StatusOr<int> page_size = pagination::NormalizePageSize(request.page_size(), kDomain);
  if (!page_size.ok()) violations.Add("page_size", std::string(page_size.status().message()));
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListApprovalInbox", actor.principal.user()});
  const std::vector<std::string> key = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListApprovalInbox", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  InboxCursor after;
  if (key.size() == 2) {
    if (!absl::SimpleAtoi(key[0], &after.submit_micros)) {
      return absl::InternalError("inbox cursor is not a number");
    }
    after.id = key[1];
  }
  const absl::CivilDay today = clock::BusinessToday(*context_.clock);
  std::vector<InboxEntry> entries;
  absl::Status status = pg::RunInTransaction(
      *context_.pool,
      [&](pqxx::work& tx) -> absl::Status {
        response.clear_contracts();
        entries = ReadInbox(tx, actor.principal, after, *page_size + 1);
        const size_t shown = std::min(entries.size(), static_cast<size_t>(*page_size));
        std::vector<std::string> ids;
        for (size_t i = 0; i < shown; ++i) ids.push_back(entries[i].id);
        for (v1::Contract& view : ReadContractViews(tx, ids, today)) {
          *response.add_contracts() = std::move(view);
        }
        return absl::OkStatus();
      },
      {.operation = "contract.inbox"});
  if (!status.ok()) return status;
  if (static_cast<int>(entries.size()) > *page_size) {
    const InboxEntry& last = entries[*page_size - 1];
    response.set_next_page_token(context_.page_tokens->Encode(
        fingerprint, {.last_key = {crm::StrCat(last.submit_micros), last.id}}));
  }
  return absl::OkStatus();
}

absl::Status ApprovalHandlers::GetApprovalPolicy(const Actor&,
                                                 const v1::GetApprovalPolicyRequest& request,
                                                 v1::ApprovalPolicy& response,
                                                 Violations& violations) {
  if (!request.name().empty() && request.name() != kApprovalPolicyName) {
    violations.Add("name",
                   "name: not the approval policy's; its name is approvalPolicy (or leave "
                   "it empty)");
    return violations.ToStatus(kDomain);
  }
  absl::StatusOr<v1::ApprovalPolicy> policy;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        policy = ReadApprovalPolicyView(tx);
        return policy.status();
      },
      "contract.approval_policy");
  if (!status.ok()) return status;
  response = *std::move(policy);
  return absl::OkStatus();
}

absl::Status ApprovalHandlers::UpdateApprovalPolicy(const Actor& actor,
                                                    const v1::UpdateApprovalPolicyRequest& request,
                                                    v1::ApprovalPolicy& response,
                                                    Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, kDomain, "ROLE_NOT_ALLOWED",
        crm::StrCat(caller.user(), " is not hq_admin; only HQ sets the approval policy"),
        {{"user", caller.user()}});
  }
  const v1::ApprovalPolicy& values = request.approval_policy();
  if (!values.name().empty() && values.name() != kApprovalPolicyName) {
    violations.Add("approval_policy.name",
                   "approval_policy.name: not the approval policy's; its name is approvalPolicy "
                   "(or leave it empty)");
  }
  const int64_t version =
      RequiredEtagField(values.etag(), "approval_policy.etag", violations).value_or(0);
  ValidateApprovalPolicy(values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<ApprovalPolicy> policy = ApprovalPolicyFromProto(values);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<v1::ApprovalPolicy> stored = idempotency::RunIdempotent<v1::ApprovalPolicy>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ApprovalPolicy> {
        return StoreApprovalPolicy(tx, actor, *policy, version, context_.clock->Now());
      });
  if (!stored.ok()) return stored.status();
  response = *std::move(stored);
  return absl::OkStatus();
}

}  // namespace crm::contract
