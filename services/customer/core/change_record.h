#ifndef CRM_SERVICES_CUSTOMER_CORE_CHANGE_RECORD_H_
#define CRM_SERVICES_CUSTOMER_CORE_CHANGE_RECORD_H_

// The write side of the change feed (customer.changes, migration 0007): every
// changing transaction records its change here, so "changed" and "announced"
// commit together. changes/ reads the feed.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"
#include "libs/pg/pool.h"
#include "pqxx/pqxx"

namespace crm::customer {

std::vector<pg::PreparedStatement> ChangeRecordStatements();

// What kind of change `after` is to `before` (an empty `before`: created).
v1::CustomerChange::Type ChangeTypeOf(const v1::Customer& before, const v1::Customer& after);

// One change of one customer, to announce.
struct ChangeRecord {
  std::string customer_id;
  v1::CustomerChange::Type type;
  int64_t version;
  std::string merged_into;  // the survivor's id, for MERGED and UNMERGED
};

// Records `changes` in the order given, in one statement: single writes and
// imports alike.
void RecordChanges(pqxx::work& tx, std::span<const ChangeRecord> changes);

// One change.
void RecordChange(pqxx::work& tx, const std::string& customer_id, v1::CustomerChange::Type type,
                  int64_t version, const std::string& merged_into = "");

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CHANGE_RECORD_H_
