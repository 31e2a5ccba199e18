#ifndef CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
#define CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_

// The write side of duplicate matching, migrations 0005 and 0013: a
// customer's name keys (name, trade, head office, sound) are columns of
// customer.customers, written with the row (their values are
// MatchKeysOf(legal_name), rules/name_normalizer.h); its one-edit keys are
// rows of customer.name_keys, written here. duplicates/ reads both.

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

// A stored customer's id and legal name.
struct LegalName {
  std::string id;
  std::string legal_name;
};

// Sets every match key of `customers` (columns and edit keys) in three
// statements: for rows keyed by older rules or none
// (DuplicateFinder::Backfill).
void WriteMatchKeys(pqxx::work& tx, std::span<const LegalName> customers);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_MATCH_KEYS_H_
