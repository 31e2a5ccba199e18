#include "services/customer/core/match_keys.h"

#include "libs/auth/sql_scope.h"
#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {
namespace {

constexpr char kSetKeys[] = "customer.set_match_keys";
constexpr char kSetKeysSql[] =
    "UPDATE customer.customers SET name_key = $2, trade_key = $3, head_key = $4"
    " WHERE id = $1::uuid";
constexpr char kDeleteEditKeys[] = "customer.delete_edit_keys";
constexpr char kDeleteEditKeysSql[] = "DELETE FROM customer.name_keys WHERE customer_id = $1::uuid";
constexpr char kInsertEditKeys[] = "customer.insert_edit_keys";
constexpr char kInsertEditKeysSql[] =
    "INSERT INTO customer.name_keys (key, customer_id)"
    " SELECT DISTINCT k, $1::uuid FROM unnest($2::text[]) AS k";

}  // namespace

std::vector<pg::PreparedStatement> MatchKeysStatements() {
  return {{kSetKeys, kSetKeysSql},
          {kDeleteEditKeys, kDeleteEditKeysSql},
          {kInsertEditKeys, kInsertEditKeysSql}};
}

void WriteMatchKeys(pqxx::work& tx, const std::string& id, std::string_view legal_name) {
  const MatchKeys keys = MatchKeysOf(legal_name);
  tx.exec_prepared0(kSetKeys, id, keys.name, keys.trade, keys.head);
  tx.exec_prepared0(kDeleteEditKeys, id);
  if (!keys.edit_keys.empty()) {
    tx.exec_prepared0(kInsertEditKeys, id, auth::TextArrayLiteral(keys.edit_keys));
  }
}

}  // namespace crm::customer
