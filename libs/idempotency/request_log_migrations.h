#ifndef CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_MIGRATIONS_H_
#define CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_MIGRATIONS_H_

#include "libs/pg/migrate.h"

namespace crm::idempotency {

// The request_log table RequestLog reads and writes, for a service to pass to
// pg::OpenServiceDatabase, which creates it in the service's schema.
pg::LibraryMigrations RequestLogMigrations();

}  // namespace crm::idempotency

#endif  // CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_MIGRATIONS_H_
