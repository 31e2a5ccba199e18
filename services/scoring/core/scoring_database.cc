#include "services/scoring/core/scoring_database.h"

#include <utility>

#include "libs/events/follower.h"
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
#include "services/scoring/core/scoring_scope.h"

namespace crm {
extern const EmbeddedFile kScoringMigrations[];
extern const int kScoringMigrations_count;
}  // namespace crm

namespace crm::scoring {

absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenScoringDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate) {
  std::vector<pg::PreparedStatement> statements = std::move(store_statements);
  const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
    statements.insert(statements.end(), more.begin(), more.end());
  };
  add(ScopeStatements());
  add(request_log.statements());
  add(events::Outbox::Statements(kScoringSchema));
  add(events::Follower::Statements(kScoringSchema));
  add(replicas::CustomerReplica::Statements(kScoringSchema));
  add(replicas::GroupReplica::Statements(kScoringSchema));
  add(jobs::JobScheduler::Statements(kScoringSchema));
  options.statements = std::move(statements);
  // Libraries first: the scope predicates read replica_customers, the group
  // roll-ups replica_group_nodes, and the facts' feed followers keep their
  // cursors in the followers' table.
  const pg::LibraryMigrations libraries[] = {
      idempotency::RequestLogMigrations(), events::OutboxMigrations(),
      events::FollowerMigrations(),        replicas::CustomerReplicaMigrations(),
      replicas::GroupReplicaMigrations(),  jobs::JobMigrations()};
  return pg::OpenServiceDatabase(std::move(options), kScoringSchema,
                                 absl::MakeConstSpan(kScoringMigrations, kScoringMigrations_count),
                                 libraries, migrate);
}

}  // namespace crm::scoring
