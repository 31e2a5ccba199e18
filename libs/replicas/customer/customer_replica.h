#ifndef CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_H_

// A business service's local copy of the customer facts it needs (owner org
// unit, account team, state, display name), so it scopes and joins its rows
// in its own schema and never reads the customer service's. One per
// consuming service; with it come
//   customer_replica_migrations.h  the table, <schema>.replica_customers
//   customer_scope_sql.h           "this row's customer is in scope", in SQL
//   customer_replica_hooks.h       what the service does on merge/unmerge

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "libs/auth/principal_signer.h"
#include "libs/events/follower.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/customer_fetcher.h"
#include "libs/replicas/customer/customer_replica_hooks.h"
#include "libs/replicas/customer/replica_store.h"
#include "libs/replicas/customer/replicated_customer.h"
#include "prometheus/registry.h"

namespace crm::replicas {

struct CustomerReplicaOptions {
  // The consuming service's schema, holding replica_customers
  // (CustomerReplicaMigrations) and the follower's tables
  // (events::FollowerMigrations), e.g. "opportunity".
  std::string schema;
  // The principal it calls the customer service as, e.g. "services/opportunity".
  std::string service;
  // The ErrorInfo domain of Get's errors; "" for "<x>.crm" of service
  // "services/<x>" (e.g. "opportunity.crm").
  std::string error_domain;
  // The replica's row in <schema>.followed_feeds.
  std::string feed = "customer";
  absl::Duration interval = absl::Seconds(2);       // between rounds of Start()
  absl::Duration call_timeout = absl::Seconds(10);  // feed pages and their BatchGet
  absl::Duration fetch_timeout = absl::Seconds(2);  // Get's fetch-through
};

// Keeps <schema>.replica_customers in step with the customer service by
// following its change feed (ListCustomerChanges) with an events::Follower:
// each page's customers are read with BatchGetCustomers and stored, only
// over older versions, in the transaction that advances the cursor, so a
// crash or a redelivered page changes nothing twice. A MERGED change marks
// the merged customer (state kMerged, merged_into) and calls
// hooks.on_merge; an UNMERGED change stores the restored customer as it is
// now and calls hooks.on_unmerge, both in that transaction.
//
// A new replica starts at the oldest change the feed keeps (30 days by
// default), so customers changed in that time are copied in its first
// rounds; older ones come in by fetch-through (Get) when the service first
// meets them. Thread-safe.
class CustomerReplica final {
 public:
  CustomerReplica(pg::ConnectionPool& pool, std::shared_ptr<grpc::Channel> customers,
                  auth::PrincipalSigner signer, CustomerReplicaOptions options,
                  CustomerReplicaHooks hooks = {});

  // Its follower's statements and its own, for the pool.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  // Follows the feed on a thread of its own until destroyed.
  void Start() { follower_.Start(); }

  // One round: the pages after the stored cursor; returns the changes
  // applied (redeliveries not counted).
  absl::StatusOr<int64_t> SyncOnce() { return follower_.FollowOnce(); }

  // The customer as stored; one not stored yet (created a moment ago, or
  // unchanged since before the feed's oldest change) is asked of the
  // customer service and stored. A merged customer comes back with state
  // kMerged and merged_into (the caller decides: usually NOT_FOUND with
  // reason CUSTOMER_MERGED, naming the survivor). Errors, in the domain of
  // options.error_domain:
  //   NOT_FOUND    CUSTOMER_NOT_FOUND: the customer service has no such
  //                customer (or the id is no UUID)
  //   UNAVAILABLE  CUSTOMER_SERVICE_UNAVAILABLE: nothing stored and the
  //                customer service did not answer (with a retry delay)
  //   others       from the service's own database
  absl::StatusOr<ReplicatedCustomer> Get(const std::string& customer_id);

  // Lag and last error of the feed: the service's health detail.
  events::FollowerHealth Health() const { return follower_.Health(); }
  // crm_event_follower_lag_seconds{schema, feed}.
  void ExportMetrics(prometheus::Registry& registry) { follower_.ExportMetrics(registry); }

 private:
  // The changes after `token`, each with what applying it takes.
  absl::StatusOr<events::FollowedPage> ReadPage(const std::string& token);
  absl::Status CustomerNotFound(const std::string& customer_id) const;

  pg::ConnectionPool& pool_;
  const CustomerReplicaOptions options_;
  const std::string error_domain_;
  const CustomerReplicaHooks hooks_;
  const CustomerFetcher fetcher_;
  const ReplicaStore store_;
  events::Follower follower_;  // last: its thread uses everything above
};

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_REPLICA_H_
