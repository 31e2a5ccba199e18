#ifndef CRM_LIBS_REPLICAS_CUSTOMER_REPLICA_STORE_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_REPLICA_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/replicated_customer.h"
#include "pqxx/pqxx"

namespace crm::replicas {

// The SQL of <schema>.replica_customers. Every write carries the customer's
// version and is skipped when the stored row is as new or newer, so the
// feed, fetch-through and a redelivery may write in any order.
class ReplicaStore final {
 public:
  explicit ReplicaStore(std::string_view schema);

  // Named <schema>.customer_replica_<what>.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  std::optional<ReplicatedCustomer> Read(pqxx::transaction_base& tx, const std::string& id) const;

  // Stores `customer` unless its stored row is as new; true when written.
  bool Upsert(pqxx::transaction_base& tx, const ReplicatedCustomer& customer) const;

  // Marks customer `id` merged into `survivor_id` as of `version` unless its
  // stored row is as new; true when written. A customer without a row gets
  // one whose name and owner are unknown (""): in no one's scope but `all`.
  bool MarkMerged(pqxx::transaction_base& tx, const std::string& id, const std::string& survivor_id,
                  int64_t version) const;

 private:
  const std::string read_, upsert_, merge_;  // statement names
};

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_REPLICA_STORE_H_
