#include "services/customer/core/change_record.h"

#include "libs/auth/sql_scope.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

constexpr char kRecord[] = "customer.change_record";
// The event ids are made here, so the sequence follows the order given.
constexpr char kRecordSql[] = R"sql(
  INSERT INTO customer.changes (event_id, customer_id, type, version, merged_into)
  SELECT gen_random_uuid(), c.customer_id, c.type, c.version, NULLIF(c.merged_into, '')::uuid
  FROM unnest($1::uuid[], $2::smallint[], $3::bigint[], $4::text[])
         WITH ORDINALITY AS c(customer_id, type, version, merged_into, n)
  ORDER BY c.n)sql";

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

void RecordChanges(pqxx::work& tx, std::span<const ChangeRecord> changes) {
  if (changes.empty()) return;
  std::vector<std::string> customers, types, versions, survivors;
  for (const ChangeRecord& change : changes) {
    customers.push_back(change.customer_id);
    types.push_back(crm::StrCat(static_cast<int>(change.type)));
    versions.push_back(crm::StrCat(change.version));
    survivors.push_back(change.merged_into);
  }
  tx.exec_prepared0(kRecord, auth::TextArrayLiteral(customers), auth::TextArrayLiteral(types),
                    auth::TextArrayLiteral(versions), auth::TextArrayLiteral(survivors));
}

void RecordChange(pqxx::work& tx, const std::string& customer_id, v1::CustomerChange::Type type,
                  int64_t version, const std::string& merged_into) {
  const ChangeRecord change{customer_id, type, version, merged_into};
  RecordChanges(tx, std::span<const ChangeRecord>(&change, 1));
}

}  // namespace crm::customer
