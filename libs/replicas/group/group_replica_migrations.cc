#include "libs/replicas/group/group_replica_migrations.h"

namespace crm {
extern const EmbeddedFile kGroupReplicaMigrations[];
extern const int kGroupReplicaMigrations_count;
}  // namespace crm

namespace crm::replicas {

pg::LibraryMigrations GroupReplicaMigrations() {
  return {.library = "group_replica",
          .files = absl::MakeConstSpan(kGroupReplicaMigrations, kGroupReplicaMigrations_count)};
}

}  // namespace crm::replicas
