#include "libs/replicas/customer/customer_replica_migrations.h"

namespace crm {
extern const EmbeddedFile kCustomerReplicaMigrations[];
extern const int kCustomerReplicaMigrations_count;
}  // namespace crm

namespace crm::replicas {

pg::LibraryMigrations CustomerReplicaMigrations() {
  return {
      .library = "customer_replica",
      .files = absl::MakeConstSpan(kCustomerReplicaMigrations, kCustomerReplicaMigrations_count)};
}

}  // namespace crm::replicas
