#ifndef CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
#define CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_

// The write side of duplicate matching, migration 0005: a customer's name
// keys are columns of customer.customers, written with the row (their values
// are MatchKeysOf(legal_name), rules/name_normalizer.h); its one-edit keys
// are rows of customer.name_keys, written here. duplicates/ reads both.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/pg/pool.h"
#include "pqxx/pqxx"
#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {

std::vector<pg::PreparedStatement> MatchKeysStatements();

// A customer whose legal name was written, with its keys.
struct NamedCustomer {
  std::string id;
  const MatchKeys* keys;
  bool is_new = false;  // no edit keys to replace
};

// Replaces the one-edit keys of `named` in two statements, in the
// transaction that writes their names: single writes and imports alike.
void WriteEditKeys(pqxx::work& tx, std::span<const NamedCustomer> named);

// Sets every match key of customer `id` (columns and edit keys): for rows
// written before the keys existed (DuplicateFinder::Backfill).
void WriteMatchKeys(pqxx::work& tx, const std::string& id, std::string_view legal_name);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
