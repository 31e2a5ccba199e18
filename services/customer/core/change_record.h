#ifndef CRM_SERVICES_CUSTOMER_CORE_CHANGE_RECORD_H_
#define CRM_SERVICES_CUSTOMER_CORE_CHANGE_RECORD_H_

// The write side of the change feed, the customer's libs/events outbox
// (customer.events): every changing transaction records its change here, so
// "changed" and "announced" commit together. changes/ reads the feed. An
// event's resource is "customers/{id}", its type a CustomerChange.Type name
// and its payload, for MERGED and UNMERGED, the survivor's name.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/events/outbox.h"
#include "libs/pg/pool.h"
#include "pqxx/pqxx"

namespace crm::customer {

// The customer's feed: its types, schema and stream (crm:customer:v1:events).
events::FeedOptions CustomerFeed(absl::Duration settle = absl::Seconds(5),
                                 absl::Duration retention = absl::Hours(24 * 30));

// The statements of the outbox, for the pool.
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
