#ifndef CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_MIGRATIONS_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_MIGRATIONS_H_

#include "libs/pg/migrate.h"

namespace crm::replicas {

// The replica's table, <schema>.replica_customers (libs/replicas/customer/
// migrations/), for the schema of a service that keeps a CustomerReplica.
// That service applies events::FollowerMigrations() too (the replica's
// cursor and applied event ids), e.g.
//
//   const pg::LibraryMigrations libraries[] = {events::FollowerMigrations(),
//                                              replicas::CustomerReplicaMigrations()};
//   pg::OpenServiceDatabase(options, "opportunity", own_files, libraries, migrate);
pg::LibraryMigrations CustomerReplicaMigrations();

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_MIGRATIONS_H_
