#include "services/customer/core/match_keys.h"

#include "libs/auth/sql_scope.h"

namespace crm::customer {
namespace {

constexpr char kSetKeys[] = "customer.set_match_keys";
constexpr char kSetKeysSql[] =
    "UPDATE customer.customers SET name_key = $2, trade_key = $3, head_key = $4"
    " WHERE id = $1::uuid";
constexpr char kDeleteEditKeys[] = "customer.delete_edit_keys";
constexpr char kDeleteEditKeysSql[] =
    "DELETE FROM customer.name_keys WHERE customer_id = ANY($1::uuid[])";
constexpr char kInsertEditKeys[] = "customer.insert_edit_keys";
constexpr char kInsertEditKeysSql[] =
    "INSERT INTO customer.name_keys (key, customer_id)"
    " SELECT DISTINCT k.key, k.customer_id FROM unnest($1::text[], $2::uuid[]) AS k(key, "
    "customer_id)";

}  // namespace

std::vector<pg::PreparedStatement> MatchKeysStatements() {
  return {{kSetKeys, kSetKeysSql},
          {kDeleteEditKeys, kDeleteEditKeysSql},
          {kInsertEditKeys, kInsertEditKeysSql}};
}

void WriteEditKeys(pqxx::work& tx, std::span<const NamedCustomer> named) {
  std::vector<std::string> renamed, keys, owners;
  for (const NamedCustomer& customer : named) {
    if (!customer.is_new) renamed.push_back(customer.id);
    for (const std::string& key : customer.keys->edit_keys) {
      keys.push_back(key);
      owners.push_back(customer.id);
    }
  }
  if (!renamed.empty()) tx.exec_prepared0(kDeleteEditKeys, auth::TextArrayLiteral(renamed));
  if (!keys.empty()) {
    tx.exec_prepared0(kInsertEditKeys, auth::TextArrayLiteral(keys),
                      auth::TextArrayLiteral(owners));
  }
}

void WriteMatchKeys(pqxx::work& tx, const std::string& id, std::string_view legal_name) {
  const MatchKeys keys = MatchKeysOf(legal_name);
  tx.exec_prepared0(kSetKeys, id, keys.name, keys.trade, keys.head);
  const NamedCustomer named{id, &keys, /*is_new=*/false};
  WriteEditKeys(tx, std::span<const NamedCustomer>(&named, 1));
}

}  // namespace crm::customer
