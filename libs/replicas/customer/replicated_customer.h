#ifndef CRM_LIBS_REPLICAS_CUSTOMER_REPLICATED_CUSTOMER_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_REPLICATED_CUSTOMER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"

namespace crm::replicas {

// A customer's lifecycle as the replica stores it (replica_customers.state,
// the numbers of crm.customer.v1.Customer.State).
enum class CustomerState : int16_t { kActive = 1, kDeleted = 2, kMerged = 3 };

// What a service keeps of one customer: enough to scope its own rows in SQL
// (owner and account team) and to show the customer's name.
struct ReplicatedCustomer {
  std::string id;                         // lower-case UUID
  std::string display_name;               // "" for a merged customer never seen before its merge
  std::string owner_org_unit;             // orgUnits/{org_unit}
  std::vector<std::string> account_team;  // org unit names of the team, sorted, distinct
  CustomerState state = CustomerState::kActive;
  std::string merged_into;  // the survivor's id when merged, else ""
  int64_t version = 0;      // the customer's version (its etag's number); 0 unknown

  friend bool operator==(const ReplicatedCustomer&, const ReplicatedCustomer&) = default;
};

// The replica's view of a customer as the customer service returns it: the
// id and survivor from their names, the org units of the account team (a
// unit serving with several people counts once), the version from the etag.
ReplicatedCustomer ReplicatedCustomerOf(const customer::v1::Customer& customer);

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_REPLICATED_CUSTOMER_H_
