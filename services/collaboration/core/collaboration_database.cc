#include "services/collaboration/core/collaboration_database.h"

#include <utility>

#include "libs/events/migrations.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/jobs/job_migrations.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/migrate.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/replicas/customer/customer_replica_migrations.h"
#include "libs/replicas/group/group_replica.h"
#include "libs/replicas/group/group_replica_migrations.h"
#include "services/collaboration/core/request_row.h"

namespace crm {
extern const EmbeddedFile kCollaborationMigrations[];
extern const int kCollaborationMigrations_count;
}  // namespace crm

namespace crm::collaboration {

absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenCollaborationDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate) {
  std::vector<pg::PreparedStatement> statements = std::move(store_statements);
  const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
    statements.insert(statements.end(), more.begin(), more.end());
  };
  add(RequestRowStatements());
  add(request_log.statements());
  add(events::Outbox::Statements(kCollaborationSchema));
  add(replicas::CustomerReplica::Statements(kCollaborationSchema));
  add(replicas::GroupReplica::Statements(kCollaborationSchema));
  add(jobs::JobScheduler::Statements(kCollaborationSchema));
  options.statements = std::move(statements);
  // Libraries first: the scope predicates read replica_customers, the group
  // filters replica_group_nodes, and the deal followers keep their cursors in
  // the followers' table.
  const pg::LibraryMigrations libraries[] = {
      idempotency::RequestLogMigrations(), events::OutboxMigrations(),
      events::FollowerMigrations(),        replicas::CustomerReplicaMigrations(),
      replicas::GroupReplicaMigrations(),  jobs::JobMigrations()};
  return pg::OpenServiceDatabase(
      std::move(options), kCollaborationSchema,
      absl::MakeConstSpan(kCollaborationMigrations, kCollaborationMigrations_count), libraries,
      migrate);
}

}  // namespace crm::collaboration
