#ifndef CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_MIGRATIONS_H_
#define CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_MIGRATIONS_H_

#include "libs/pg/migrate.h"

namespace crm::replicas {

// The group replica's table, <schema>.replica_group_nodes (and the ltree
// extension), defined once in libs/replicas/group/migrations/ and applied to
// a consuming service's own schema by pg::Migrate / OpenServiceDatabase,
// together with events::FollowerMigrations() for the replica's cursor:
//
//   pg::OpenServiceDatabase(options, "opportunity", files,
//       {events::FollowerMigrations(), replicas::GroupReplicaMigrations()}, migrate);
pg::LibraryMigrations GroupReplicaMigrations();

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_GROUP_GROUP_REPLICA_MIGRATIONS_H_
