#include "libs/replicas/customer/replica_store.h"

#include <tuple>

#include "libs/auth/sql_scope.h"
#include "libs/pg/schema_statement.h"
#include "libs/pg/text_array.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {
namespace {

// "{schema}" is the consuming service's schema.
constexpr char kReadSql[] =
    "SELECT customer_id::text, display_name, owner_org_unit, account_team, state,"
    " COALESCE(merged_into::text, ''), version"
    " FROM {schema}.replica_customers WHERE customer_id = $1::uuid";
constexpr char kUpsertSql[] =
    "INSERT INTO {schema}.replica_customers AS rc (customer_id, display_name, owner_org_unit,"
    " account_team, state, merged_into, version, update_time)"
    " VALUES ($1::uuid, $2, $3, $4::text[], $5::smallint, NULLIF($6, '')::uuid, $7::bigint,"
    " clock_timestamp())"
    " ON CONFLICT (customer_id) DO UPDATE SET display_name = EXCLUDED.display_name,"
    " owner_org_unit = EXCLUDED.owner_org_unit, account_team = EXCLUDED.account_team,"
    " state = EXCLUDED.state, merged_into = EXCLUDED.merged_into, version = EXCLUDED.version,"
    " update_time = EXCLUDED.update_time"
    " WHERE rc.version < EXCLUDED.version";
constexpr char kMergeSql[] =
    "INSERT INTO {schema}.replica_customers AS rc (customer_id, display_name, owner_org_unit,"
    " state, merged_into, version, update_time)"
    " VALUES ($1::uuid, '', '', 3, $2::uuid, $3::bigint, clock_timestamp())"
    " ON CONFLICT (customer_id) DO UPDATE SET state = 3, merged_into = EXCLUDED.merged_into,"
    " version = EXCLUDED.version, update_time = EXCLUDED.update_time"
    " WHERE rc.version < EXCLUDED.version";

std::string Name(std::string_view schema, std::string_view what) {
  return crm::StrCat(schema, ".customer_replica_", what);
}

pg::PreparedStatement Statement(std::string_view schema, std::string_view what,
                                std::string_view sql) {
  return pg::SchemaStatement(schema, crm::StrCat("customer_replica_", what), sql);
}

}  // namespace

ReplicaStore::ReplicaStore(std::string_view schema)
    : read_(Name(schema, "read")), upsert_(Name(schema, "upsert")), merge_(Name(schema, "merge")) {}

std::vector<pg::PreparedStatement> ReplicaStore::Statements(std::string_view schema) {
  return {Statement(schema, "read", kReadSql), Statement(schema, "upsert", kUpsertSql),
          Statement(schema, "merge", kMergeSql)};
}

std::optional<ReplicatedCustomer> ReplicaStore::Read(pqxx::transaction_base& tx,
                                                     const std::string& id) const {
  const pqxx::result rows = tx.exec_prepared(read_, id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row row = rows[0];
  return ReplicatedCustomer{.id = row[0].as<std::string>(),
                            .display_name = row[1].as<std::string>(),
                            .owner_org_unit = row[2].as<std::string>(),
                            .account_team = pg::ReadTextArray(row[3]),
                            .state = static_cast<CustomerState>(row[4].as<int>()),
                            .merged_into = row[5].as<std::string>(),
                            .version = row[6].as<int64_t>()};
}

bool ReplicaStore::Upsert(pqxx::transaction_base& tx, const ReplicatedCustomer& customer) const {
  return tx.exec_prepared(upsert_, customer.id, customer.display_name, customer.owner_org_unit,
                          auth::TextArrayLiteral(customer.account_team),
                          static_cast<int>(customer.state), customer.merged_into, customer.version)
             .affected_rows() > 0;
}

bool ReplicaStore::MarkMerged(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& survivor_id, int64_t version) const {
  return tx.exec_prepared(merge_, id, survivor_id, version).affected_rows() > 0;
}

}  // namespace crm::replicas
