#ifndef CRM_LIBS_PG_SCHEMA_STATEMENT_H_
#define CRM_LIBS_PG_SCHEMA_STATEMENT_H_

#include <string_view>

#include "libs/pg/prepared_statement.h"

namespace crm::pg {

// A statement of a library whose tables live in a service's schema (events,
// followers, replicas, jobs): named "<schema>.<name>", with every "{schema}"
// in `sql` replaced by `schema`. Name and text are kept for the life of the
// process, once each, since PreparedStatement holds views that must outlive
// every pool that knows them.
PreparedStatement SchemaStatement(std::string_view schema, std::string_view name,
                                  std::string_view sql);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_SCHEMA_STATEMENT_H_
