#include "services/contract/core/contract_database.h"

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
#include "services/contract/core/contract_row.h"

namespace crm {
extern const EmbeddedFile kContractMigrations[];
extern const int kContractMigrations_count;
}  // namespace crm

namespace crm::contract {

absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenContractDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate) {
  std::vector<pg::PreparedStatement> statements = std::move(store_statements);
  const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
    statements.insert(statements.end(), more.begin(), more.end());
  };
  add(ContractRowStatements());
  add(request_log.statements());
  add(events::Outbox::Statements(kContractSchema));
  add(replicas::CustomerReplica::Statements(kContractSchema));
  add(replicas::GroupReplica::Statements(kContractSchema));
  add(jobs::JobScheduler::Statements(kContractSchema));
  options.statements = std::move(statements);
  // Libraries first: the contract tables' scope predicates read
  // replica_customers, and group checks replica_group_nodes.
  const pg::LibraryMigrations libraries[] = {
      idempotency::RequestLogMigrations(), events::OutboxMigrations(),
      events::FollowerMigrations(),        replicas::CustomerReplicaMigrations(),
      replicas::GroupReplicaMigrations(),  jobs::JobMigrations()};
  return pg::OpenServiceDatabase(
      std::move(options), kContractSchema,
      absl::MakeConstSpan(kContractMigrations, kContractMigrations_count), libraries, migrate);
}

}  // namespace crm::contract
