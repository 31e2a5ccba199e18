#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_DATABASE_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_DATABASE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"

namespace crm::hierarchy {

inline constexpr char kHierarchySchema[] = "hierarchy";

// The hierarchy's schema as every user of it opens it: its migrations and
// the library tables it holds (request log, outbox, followed feeds), with
// every statement its stores prepare. `options` gives the DSN, size and
// name; `request_log` (of kHierarchySchema) must outlive the pool.
absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenHierarchyDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log, bool migrate);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_DATABASE_H_
