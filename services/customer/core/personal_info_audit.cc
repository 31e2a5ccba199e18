#include "services/customer/core/personal_info_audit.h"

#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

constexpr char kRecordRead[] = "customer.contact_record_read";
constexpr char kRecordReadSql[] = R"sql(
  INSERT INTO customer.personal_info_reads
    (contact_id, actor, actor_org_unit, method, request_id)
  SELECT unnest($1::uuid[]), $2, $3, $4, $5)sql";

constexpr char kRecordLookup[] = "customer.contact_record_lookup";
constexpr char kRecordLookupSql[] = R"sql(
  INSERT INTO customer.personal_info_lookups
    (actor, actor_org_unit, method, request_id, value_hashes, matched_contacts)
  VALUES ($1, $2, $3, $4, $5::bytea[], $6::uuid[]))sql";

}  // namespace

std::vector<pg::PreparedStatement> PersonalInfoAudit::Statements() {
  return {{kRecordRead, kRecordReadSql}, {kRecordLookup, kRecordLookupSql}};
}

absl::Status PersonalInfoAudit::RecordRead(const MutationContext& context,
                                           const std::vector<std::string>& contact_ids) {
  if (contact_ids.empty()) return absl::OkStatus();
  return pg::RunInTransaction(pool_, [&](pqxx::work& tx) {
    tx.exec_prepared(kRecordRead, auth::TextArrayLiteral(contact_ids), context.actor,
                     context.actor_org_unit, context.method, context.request_id);
    return absl::OkStatus();
  });
}

absl::Status PersonalInfoAudit::RecordLookup(const MutationContext& context,
                                             const std::vector<std::string>& value_hashes,
                                             const std::vector<std::string>& matched_contact_ids) {
  return pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) {
        tx.exec_prepared(kRecordLookup, context.actor, context.actor_org_unit, context.method,
                         context.request_id, ByteaArrayLiteral(value_hashes),
                         auth::TextArrayLiteral(matched_contact_ids));
        return absl::OkStatus();
      },
      {.operation = "customer.record_personal_info_lookup"});
}

}  // namespace crm::customer
