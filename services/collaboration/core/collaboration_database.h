#ifndef CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_DATABASE_H_
#define CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_DATABASE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"

namespace crm::collaboration {

inline constexpr char kCollaborationSchema[] = "collaboration";

// The collaboration schema as every user of it opens it: its migrations
// (services/collaboration/migrations) after the library tables it holds
// (request log, outbox, followed feeds — the deal followers' cursors —, the
// customer and group replicas, scheduled jobs), with the statements of those
// libraries, of core/ (request_row.h) and `store_statements` (each
// capability's) prepared on every connection. `options` gives the DSN, size
// and name; `request_log` (of kCollaborationSchema) must outlive the pool.
absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenCollaborationDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_DATABASE_H_
