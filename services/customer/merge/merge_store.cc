#include "services/customer/merge/merge_store.h"

#include <algorithm>

#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/customer/core/change_record.h"
#include "services/customer/core/customer_write.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/merge/merged_record.h"

namespace crm::customer {
namespace {

constexpr char kMoveContacts[] = "customer.merge_move_contacts";
constexpr char kMoveContactsSql[] =
    "UPDATE customer.contacts SET customer_id = $2::uuid"
    " WHERE customer_id = $1::uuid RETURNING id::text";
constexpr char kMoveContactsBack[] = "customer.merge_move_contacts_back";
constexpr char kMoveContactsBackSql[] =
    "UPDATE customer.contacts SET customer_id = $2::uuid"
    " WHERE customer_id = $1::uuid AND id = ANY($3::uuid[])";
constexpr char kInsertMerge[] = "customer.merge_insert";
constexpr char kInsertMergeSql[] = R"sql(
  INSERT INTO customer.merges
    (survivor_id, merged_id, merged_before, survivor_before, survivor_after,
     fields_won, contact_ids, actor, request_id)
  VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::text[], $7::uuid[], $8, $9))sql";
constexpr char kOpenMerge[] = "customer.merge_open";
constexpr char kOpenMergeSql[] = R"sql(
  SELECT id, survivor_id::text, merged_before, survivor_before, survivor_after,
         array_to_json(fields_won)::text, array_to_json(contact_ids)::text
  FROM customer.merges WHERE merged_id = $1::uuid AND unmerge_time IS NULL)sql";
constexpr char kCloseMerge[] = "customer.merge_close";
constexpr char kCloseMergeSql[] = "UPDATE customer.merges SET unmerge_time = now() WHERE id = $1";
// A survivor whose fields did not change still gets a new version and an
// event: its contacts did.
constexpr char kTouch[] = "customer.merge_touch_survivor";
constexpr char kTouchSql[] =
    "UPDATE customer.customers SET version = version + 1, update_time = now()"
    " WHERE id = $1::uuid RETURNING version";

std::string Bytes(const v1::Customer& customer) { return customer.SerializeAsString(); }

v1::Customer FromBytes(const pqxx::field& field) {
  v1::Customer customer;
  const pqxx::binarystring bytes(field);
  customer.ParseFromString(bytes.str());
  return customer;
}

std::vector<std::string> JsonStrings(const pqxx::field& field) {
  std::vector<std::string> values;
  for (const auto& value : nlohmann::json::parse(field.c_str())) {
    values.push_back(value.get<std::string>());
  }
  return values;
}

absl::Status CrossOwnerMerge(const v1::Customer& survivor, const v1::Customer& other) {
  return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "CROSS_OWNER_MERGE",
                       crm::StrCat(survivor.name(), " is owned by ", survivor.owner_org_unit(),
                                   " and ", other.name(), " by ", other.owner_org_unit(),
                                   "; merging customers of different owners needs HQ"),
                       {{"survivor", survivor.name()}, {"customer", other.name()}});
}

// The survivor's event and version even when no field of it changed.
absl::StatusOr<v1::Customer> TouchSurvivor(pqxx::work& tx, const std::string& id) {
  const int64_t version = tx.exec_prepared1(kTouch, id)[0].as<int64_t>();
  RecordChange(tx, id, v1::CustomerChange::UPDATED, version);
  std::optional<v1::Customer> customer = ReadCustomer(tx, id);
  if (!customer.has_value()) return CustomerNotFound(id);
  return *std::move(customer);
}

void RecordMergeHistory(pqxx::work& tx, const MutationContext& context,
                        const std::string& survivor_id, const std::string& field,
                        const std::vector<std::string>& names, bool merged) {
  std::vector<FieldChange> changes;
  for (const std::string& name : names) {
    changes.push_back(merged ? FieldChange{field, "", name} : FieldChange{field, name, ""});
  }
  WriteHistory(tx, context, survivor_id, crm::StrCat("customers/", survivor_id), changes);
}

absl::StatusOr<v1::MergeCustomersResponse> MergeInTransaction(
    pqxx::work& tx, const MutationContext& context, const MergePlan& plan,
    const std::vector<std::string>& trusted_sources, const MergeChecks& checks) {
  // Lock in id order; keep the records in request order (survivor first).
  // Every record's scope is checked before any can answer NOT_FOUND, so an
  // unknown id never hides a refusal.
  std::vector<std::string> order = plan.merged_ids;
  order.push_back(plan.survivor_id);
  std::sort(order.begin(), order.end());
  absl::flat_hash_map<std::string, v1::Customer> locked;
  absl::Status missing;
  for (const std::string& id : order) {
    absl::StatusOr<v1::Customer> customer = LockCustomerForChange(tx, context, id, std::nullopt);
    if (customer.status().code() == absl::StatusCode::kNotFound) {
      if (missing.ok()) missing = customer.status();
      continue;
    }
    if (!customer.ok()) return customer.status();
    locked.emplace(id, *std::move(customer));
  }
  if (!missing.ok()) return missing;
  std::vector<v1::Customer> records = {locked.at(plan.survivor_id)};
  for (const std::string& id : plan.merged_ids) records.push_back(locked.at(id));
  if (absl::Status s = checks.may_merge(records[0]); !s.ok()) return s;
  if (!context.scope_all) {
    for (const v1::Customer& other : records) {
      if (other.owner_org_unit() != records[0].owner_org_unit()) {
        return CrossOwnerMerge(records[0], other);
      }
    }
  }
  // Preconditions, now that the caller may merge every record.
  if (plan.expected_version.has_value()) {
    const int64_t current = ParseEtag(records[0].etag()).value_or(0);
    if (*plan.expected_version != current) {
      return EtagMismatch(kDomain, records[0].name(), *plan.expected_version, current);
    }
  }
  for (const v1::Customer& record : records) {
    if (absl::Status s = RequireActive(record); !s.ok()) return s;
  }
  if (absl::Status s = checks.preconditions(); !s.ok()) return s;
  absl::flat_hash_map<std::string, int> overrides;
  for (const auto& [field, source_id] : plan.overrides) {
    const std::string source = crm::StrCat("customers/", source_id);
    for (int i = 0; i < static_cast<int>(records.size()); ++i) {
      if (records[i].name() == source) overrides[field] = i;
    }
  }
  absl::StatusOr<MergedRecord> merged = BuildMergedRecord(records, trusted_sources, overrides);
  if (!merged.ok()) return merged.status();

  v1::MergeCustomersResponse response;
  for (v1::FieldSource& source : merged->sources) *response.add_field_sources() = source;
  for (size_t i = 1; i < records.size(); ++i) response.add_merged(records[i].name());
  if (plan.validate_only) {
    *response.mutable_customer() = merged->customer;
    return response;
  }

  // Merged records first: they release their USCC and references, which
  // the survivor may take.
  std::vector<std::vector<std::string>> contacts(records.size());
  for (size_t i = 1; i < records.size(); ++i) {
    const std::string& id = plan.merged_ids[i - 1];
    for (const pqxx::row& row : tx.exec_prepared(kMoveContacts, id, plan.survivor_id)) {
      contacts[i].push_back(row[0].c_str());
    }
    v1::Customer gone = records[i];
    gone.set_state(v1::Customer::MERGED);
    gone.set_merged_into(records[0].name());
    gone.clear_external_references();
    if (absl::StatusOr<v1::Customer> written = WriteChange(tx, context, id, records[i], gone);
        !written.ok()) {
      return written.status();
    }
  }
  absl::StatusOr<v1::Customer> survivor =
      WriteChange(tx, context, plan.survivor_id, records[0], merged->customer);
  if (!survivor.ok()) return survivor.status();
  if (survivor->etag() == records[0].etag()) survivor = TouchSurvivor(tx, plan.survivor_id);
  if (!survivor.ok()) return survivor.status();
  RecordMergeHistory(tx, context, plan.survivor_id, "merged",
                     {response.merged().begin(), response.merged().end()}, true);
  for (size_t i = 1; i < records.size(); ++i) {
    tx.exec_prepared0(kInsertMerge, plan.survivor_id, plan.merged_ids[i - 1],
                      pqxx::binarystring(Bytes(records[i])), pqxx::binarystring(Bytes(records[0])),
                      pqxx::binarystring(Bytes(*survivor)),
                      auth::TextArrayLiteral(merged->fields_won[i - 1]),
                      auth::TextArrayLiteral(contacts[i]), context.actor, context.request_id);
  }
  *response.mutable_customer() = *std::move(survivor);
  return response;
}

absl::Status NotMerged(const std::string& id) {
  const std::string name = crm::StrCat("customers/", id);
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_NOT_MERGED",
                       crm::StrCat(name, " is not merged into another customer"),
                       {{"customer", name}});
}

absl::StatusOr<v1::UnmergeCustomerResponse> UnmergeInTransaction(pqxx::work& tx,
                                                                 const MutationContext& context,
                                                                 const std::string& merged_id) {
  pqxx::result open = tx.exec_prepared(kOpenMerge, merged_id);
  if (open.empty()) {
    // Scope first, so an out-of-scope caller learns nothing about merges.
    if (absl::Status s = RequireReadScope(tx, context, merged_id); !s.ok()) return s;
    return NotMerged(merged_id);
  }
  const std::string survivor_id = open[0][1].c_str();
  std::vector<std::string> order = {merged_id, survivor_id};
  std::sort(order.begin(), order.end());
  absl::flat_hash_map<std::string, v1::Customer> locked;
  for (const std::string& id : order) {
    absl::StatusOr<v1::Customer> customer = LockCustomerForChange(tx, context, id, std::nullopt);
    if (!customer.ok()) return customer.status();
    locked.emplace(id, *std::move(customer));
  }
  // Read the merge again under the locks: a concurrent unmerge may have won.
  open = tx.exec_prepared(kOpenMerge, merged_id);
  if (open.empty()) return NotMerged(merged_id);
  const v1::Customer& current_survivor = locked.at(survivor_id);
  const v1::Customer& current_merged = locked.at(merged_id);
  // Permission before preconditions.
  if (!context.scope_all && current_survivor.owner_org_unit() != current_merged.owner_org_unit()) {
    return CrossOwnerMerge(current_survivor, current_merged);
  }
  if (current_survivor.state() == v1::Customer::MERGED) {
    return status::Error(
        absl::StatusCode::kFailedPrecondition, kDomain, "SURVIVOR_MERGED",
        crm::StrCat(current_merged.name(), " was merged into ", current_survivor.name(),
                    ", which was itself merged into ", current_survivor.merged_into(),
                    " since; unmerge ", current_survivor.name(), " first"),
        {{"customer", current_merged.name()}, {"survivor", current_survivor.name()}});
  }
  MergeContribution contribution{.survivor_before = FromBytes(open[0][3]),
                                 .survivor_after = FromBytes(open[0][4]),
                                 .merged_before = FromBytes(open[0][2]),
                                 .fields_won = JsonStrings(open[0][5])};
  // The survivor gives back first, releasing the USCC and references.
  absl::StatusOr<v1::Customer> survivor =
      WriteChange(tx, context, survivor_id, current_survivor,
                  SurvivorAfterUnmerge(current_survivor, contribution));
  if (!survivor.ok()) return survivor.status();
  tx.exec_prepared0(kMoveContactsBack, survivor_id, merged_id,
                    auth::TextArrayLiteral(JsonStrings(open[0][6])));
  if (survivor->etag() == current_survivor.etag()) survivor = TouchSurvivor(tx, survivor_id);
  if (!survivor.ok()) return survivor.status();
  v1::Customer restored = contribution.merged_before;
  restored.set_state(v1::Customer::ACTIVE);
  restored.clear_merged_into();
  absl::StatusOr<v1::Customer> written =
      WriteChange(tx, context, merged_id, current_merged, restored);
  if (!written.ok()) return written.status();
  RecordMergeHistory(tx, context, survivor_id, "merged", {current_merged.name()}, false);
  tx.exec_prepared0(kCloseMerge, open[0][0].as<int64_t>());
  v1::UnmergeCustomerResponse response;
  *response.mutable_customer() = *std::move(written);
  *response.mutable_survivor() = *std::move(survivor);
  return response;
}

}  // namespace

std::vector<pg::PreparedStatement> MergeStore::Statements() {
  return {{kMoveContacts, kMoveContactsSql}, {kMoveContactsBack, kMoveContactsBackSql},
          {kInsertMerge, kInsertMergeSql},   {kOpenMerge, kOpenMergeSql},
          {kCloseMerge, kCloseMergeSql},     {kTouch, kTouchSql}};
}

absl::StatusOr<v1::MergeCustomersResponse> MergeStore::Merge(const MutationContext& context,
                                                             const MergePlan& plan,
                                                             const MergeChecks& checks) {
  return idempotency::RunIdempotent<v1::MergeCustomersResponse>(
      pool_, request_log_, plan.validate_only ? std::nullopt : context.idempotency,
      [&](pqxx::work& tx) {
        return MergeInTransaction(tx, context, plan, trusted_sources_, checks);
      });
}

absl::StatusOr<v1::UnmergeCustomerResponse> MergeStore::Unmerge(const MutationContext& context,
                                                                const std::string& merged_id) {
  return idempotency::RunIdempotent<v1::UnmergeCustomerResponse>(
      pool_, request_log_, context.idempotency,
      [&](pqxx::work& tx) { return UnmergeInTransaction(tx, context, merged_id); });
}

}  // namespace crm::customer
