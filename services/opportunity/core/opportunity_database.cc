#include "services/opportunity/core/opportunity_database.h"

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

namespace crm {
extern const EmbeddedFile kOpportunityMigrations[];
extern const int kOpportunityMigrations_count;
}  // namespace crm

namespace crm::opportunity {

absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenOpportunityDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate) {
  std::vector<pg::PreparedStatement> statements = std::move(store_statements);
  const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
    statements.insert(statements.end(), more.begin(), more.end());
  };
  add(request_log.statements());
  add(events::Outbox::Statements(kOpportunitySchema));
  add(replicas::CustomerReplica::Statements(kOpportunitySchema));
  add(replicas::GroupReplica::Statements(kOpportunitySchema));
  add(jobs::JobScheduler::Statements(kOpportunitySchema));
  options.statements = std::move(statements);
  // Libraries first: the service's tables may name theirs (the scope
  // predicates read replica_customers).
  const pg::LibraryMigrations libraries[] = {
      idempotency::RequestLogMigrations(), events::OutboxMigrations(),
      events::FollowerMigrations(),        replicas::CustomerReplicaMigrations(),
      replicas::GroupReplicaMigrations(),  jobs::JobMigrations()};
  return pg::OpenServiceDatabase(
      std::move(options), kOpportunitySchema,
      absl::MakeConstSpan(kOpportunityMigrations, kOpportunityMigrations_count), libraries,
      migrate);
}

}  // namespace crm::opportunity
