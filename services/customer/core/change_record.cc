#include "services/customer/core/change_record.h"

#include "libs/crypto/crypto.h"

namespace crm::customer {
namespace {

constexpr char kRecord[] = "customer.change_record";
constexpr char kRecordSql[] =
    "INSERT INTO customer.changes (event_id, customer_id, type, version, merged_into)"
    " VALUES ($1::uuid, $2::uuid, $3, $4, NULLIF($5, '')::uuid)";

}  // namespace

std::vector<pg::PreparedStatement> ChangeRecordStatements() { return {{kRecord, kRecordSql}}; }

v1::CustomerChange::Type ChangeTypeOf(const v1::Customer& before, const v1::Customer& after) {
  if (before.name().empty()) return v1::CustomerChange::CREATED;
  if (before.state() != after.state()) {
    if (after.state() == v1::Customer::MERGED) return v1::CustomerChange::MERGED;
    if (before.state() == v1::Customer::MERGED) return v1::CustomerChange::UNMERGED;
    return after.state() == v1::Customer::DELETED ? v1::CustomerChange::DELETED
                                                  : v1::CustomerChange::UNDELETED;
  }
  return v1::CustomerChange::UPDATED;
}

void RecordChange(pqxx::work& tx, const std::string& customer_id, v1::CustomerChange::Type type,
                  int64_t version, const std::string& merged_into) {
  tx.exec_prepared0(kRecord, crypto::NewUuid(), customer_id, static_cast<int>(type), version,
                    merged_into);
}

}  // namespace crm::customer
