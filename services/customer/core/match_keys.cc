#include "services/customer/core/match_keys.h"

#include "libs/auth/sql_scope.h"

namespace crm::customer {
namespace {

constexpr char kSetKeys[] = "customer.set_match_keys";
constexpr char kSetKeysSql[] = R"sql(
  UPDATE customer.customers c
     SET name_key = k.name_key, trade_key = k.trade_key, head_key = k.head_key,
         sound_key = k.sound_key
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
         AS k(id, name_key, trade_key, head_key, sound_key)
   WHERE c.id = k.id)sql";
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

void WriteMatchKeys(pqxx::work& tx, std::span<const LegalName> customers) {
  if (customers.empty()) return;
  std::vector<MatchKeys> keys;
  keys.reserve(customers.size());
  std::vector<std::string> ids, names, trades, heads, sounds;
  std::vector<NamedCustomer> named;
  for (const LegalName& customer : customers) {
    const MatchKeys& k = keys.emplace_back(MatchKeysOf(customer.legal_name));
    ids.push_back(customer.id);
    names.push_back(k.name);
    trades.push_back(k.trade);
    heads.push_back(k.head);
    sounds.push_back(k.sound);
  }
  for (size_t i = 0; i < customers.size(); ++i) {
    named.push_back({customers[i].id, &keys[i], /*is_new=*/false});
  }
  tx.exec_prepared0(kSetKeys, auth::TextArrayLiteral(ids), auth::TextArrayLiteral(names),
                    auth::TextArrayLiteral(trades), auth::TextArrayLiteral(heads),
                    auth::TextArrayLiteral(sounds));
  WriteEditKeys(tx, named);
}

}  // namespace crm::customer
