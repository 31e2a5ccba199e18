#include "services/hierarchy/hierarchy_database.h"

#include <utility>
#include <vector>

#include "libs/events/migrations.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/migrate.h"
#include "services/hierarchy/customer_sync.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm {
extern const EmbeddedFile kHierarchyMigrations[];
extern const int kHierarchyMigrations_count;
}  // namespace crm

namespace crm::hierarchy {

absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenHierarchyDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log, bool migrate) {
  std::vector<pg::PreparedStatement> statements = HierarchyStore::Statements();
  for (const auto& s : request_log.statements()) statements.push_back(s);
  for (const auto& s : events::Outbox::Statements(kHierarchySchema)) statements.push_back(s);
  for (const auto& s : CustomerSync::Statements()) statements.push_back(s);
  options.statements = std::move(statements);
  const pg::LibraryMigrations libraries[] = {idempotency::RequestLogMigrations(),
                                             events::OutboxMigrations(),
                                             events::FollowerMigrations()};
  return pg::OpenServiceDatabase(
      std::move(options), kHierarchySchema,
      absl::MakeConstSpan(kHierarchyMigrations, kHierarchyMigrations_count), libraries, migrate);
}

}  // namespace crm::hierarchy
