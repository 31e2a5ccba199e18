#ifndef CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
#define CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_

// The write side of duplicate matching: a customer's name keys (columns of
// customer.customers) and one-edit keys (customer.name_keys), migration 0005.
// duplicates/ reads them.

#include <string>
#include <string_view>
#include <vector>

#include "libs/pg/pool.h"
#include "pqxx/pqxx"

namespace crm::customer {

std::vector<pg::PreparedStatement> MatchKeysStatements();

// Keeps a customer's match keys in step with its legal name; called in the
// transaction that writes the name.
void WriteMatchKeys(pqxx::work& tx, const std::string& id, std::string_view legal_name);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
