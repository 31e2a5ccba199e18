#include "services/customer/merge/merge_handler.h"

// MergeHandler::MergeCustomers and UnmergeCustomer: golden-record
// consolidation and its undo.
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_join.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/request_log.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/store_support.h"
#include "services/customer/merge/merged_record.h"

namespace crm::customer {
namespace {

constexpr int kMaxMerged = 49;

absl::StatusOr<MergePlan> ValidateMerge(const v1::MergeCustomersRequest& request,
                                        status::FieldViolations& violations) {
  MergePlan plan;
  plan.survivor_id = CustomerIdOr(request.survivor(), "survivor", violations);
  if (request.merged().empty() || request.merged_size() > kMaxMerged) {
    violations.Add("merged", crm::StrCat("merged: 1-", kMaxMerged,
                                         " customers to merge into the survivor, got ",
                                         request.merged_size()));
  }
  absl::flat_hash_set<std::string> seen = {plan.survivor_id};
  for (int i = 0; i < request.merged_size(); ++i) {
    const std::string field = crm::StrCat("merged[", i, "]");
    const std::string id = CustomerIdOr(request.merged(i), field, violations);
    if (id.empty()) continue;
    if (!seen.insert(id).second) {
      violations.Add(field,
                     crm::StrCat(field, ": ", request.merged(i),
                                 id == plan.survivor_id ? " is the survivor" : " is listed twice"));
      continue;
    }
    plan.merged_ids.push_back(id);
  }
  const std::vector<std::string>& fields = MergeableFields();
  for (int i = 0; i < request.field_overrides_size(); ++i) {
    const v1::FieldOverride& override_ = request.field_overrides(i);
    const std::string prefix = crm::StrCat("field_overrides[", i, "]");
    if (std::find(fields.begin(), fields.end(), override_.field()) == fields.end()) {
      violations.Add(prefix + ".field",
                     crm::StrCat(prefix, ".field: ", Quote(override_.field()), " is not one of ",
                                 absl::StrJoin(fields, ", ")));
    } else if (plan.overrides.contains(override_.field())) {
      violations.Add(prefix + ".field",
                     crm::StrCat(prefix, ".field: ", override_.field(), " is overridden twice"));
    }
    const std::string source = CustomerIdOr(override_.source(), prefix + ".source", violations);
    if (!source.empty() && !seen.contains(source)) {
      violations.Add(prefix + ".source",
                     crm::StrCat(prefix, ".source: ", override_.source(),
                                 " is neither the survivor nor one of the merged customers"));
    }
    plan.overrides[override_.field()] = source;
  }
  plan.expected_version = ParseEtagField(request.etag(), "etag", violations);
  plan.validate_only = request.validate_only();
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return plan;
}

}  // namespace

grpc::ServerUnaryReactor* MergeHandler::MergeCustomers(Context* context,
                                                       const v1::MergeCustomersRequest* request,
                                                       v1::MergeCustomersResponse* response) {
  return Serve(*deps_.verifier, context, "MergeCustomers", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 absl::StatusOr<MergePlan> plan = ValidateMerge(*request, violations);
                 if (!plan.ok()) return plan.status();
                 // Owners, not account-team members, decide on a merge. The store asks in
                 // order: scope, this, etag and state, then the group trees.
                 const auto may_merge = [&](const v1::Customer& survivor) -> absl::Status {
                   if (ScopeCovers(caller.principal, survivor.owner_org_unit()))
                     return absl::OkStatus();
                   return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "NOT_OWNER",
                                        crm::StrCat("only HQ or ", survivor.owner_org_unit(),
                                                    " can merge into ", survivor.name()),
                                        {{"customer", survivor.name()},
                                         {"ownerOrgUnit", survivor.owner_org_unit()}});
                 };
                 const auto trees_allow = [&] {
                   return deps_.merge_guard->Check(plan->survivor_id, plan->merged_ids);
                 };
                 absl::StatusOr<v1::MergeCustomersResponse> merged = deps_.merges->Merge(
                     caller.context, *plan, {.may_merge = may_merge, .preconditions = trees_allow});
                 if (!merged.ok()) return merged.status();
                 *response = *std::move(merged);
                 if (!plan->validate_only) {
                   deps_.cache->AfterChange(response->customer());
                   for (const std::string& id : plan->merged_ids) deps_.cache->AfterMerge(id);
                 }
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* MergeHandler::UnmergeCustomer(Context* context,
                                                        const v1::UnmergeCustomerRequest* request,
                                                        v1::UnmergeCustomerResponse* response) {
  return Serve(*deps_.verifier, context, "UnmergeCustomer", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::string id = CustomerIdOr(request->name(), "name", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<v1::UnmergeCustomerResponse> restored =
                     deps_.merges->Unmerge(caller.context, id);
                 if (!restored.ok()) return restored.status();
                 *response = *std::move(restored);
                 deps_.cache->AfterChange(response->customer());
                 deps_.cache->AfterChange(response->survivor());
                 return absl::OkStatus();
               });
}

}  // namespace crm::customer
