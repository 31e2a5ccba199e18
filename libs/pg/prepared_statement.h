#ifndef CRM_LIBS_PG_PREPARED_STATEMENT_H_
#define CRM_LIBS_PG_PREPARED_STATEMENT_H_

#include <string_view>

namespace crm::pg {

// One named SQL statement. Stores define their SQL as constants with
// schema-qualified tables (the views must outlive the pool, so point them at
// static storage) and hand the list to PoolOptions::statements; every pooled
// connection then knows them by name:
//
//   constexpr char kGetCustomer[] = "customer.get";
//   tx.exec_prepared(kGetCustomer, id);
//
// Preparation is lazy (libpqxx sends the statement to the server on first
// use), so a pool may be created before the migrations that add its tables.
struct PreparedStatement {
  std::string_view name;
  std::string_view sql;
};

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_PREPARED_STATEMENT_H_
