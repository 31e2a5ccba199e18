#ifndef CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_
#define CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

struct FactsRefresherOptions {
  // Between rounds of Start()'s thread.
  absl::Duration interval = absl::Milliseconds(500);
  // Customers taken per transaction (1-1000).
  int batch_size = 20;
  // A round stops after this many batches.
  int max_batches_per_round = 50;
  // Page size of the peers' list calls (their maximum where smaller).
  int page_size = 500;
};

// Refreshes the facts of dirty customers (dirty_customers.h): takes them
// oldest first in batches (FOR UPDATE SKIP LOCKED, so two replicas share the
// work), asks the peers through context.peers, as the service principal,
// for each one's opportunities and activities, contracts with their
// receipts and receivables, and collaboration requests; builds its facts
// (facts_builder.h), replaces its facts row and months, scores it
// (ScoreCustomer) and removes its mark, in one transaction per batch. A
// rebuild's customers advance its customers_done, and the rebuild succeeds
// when none of its marks is left. A customer the replica knows as merged or
// deleted loses its facts and scores (ForgetCustomer) instead.
//
// A peer that does not answer keeps the batch for a later round (nothing is
// stored); a peer that is not configured (no address) counts as having
// nothing, so a customer's facts may then be partial — the notes say which
// service was not asked. Thread-safe.
class FactsRefresher final {
 public:
  FactsRefresher(const ScoringContext& context, FactsRefresherOptions options = {});
  // Stops the thread, if started.
  ~FactsRefresher();
  FactsRefresher(const FactsRefresher&) = delete;
  FactsRefresher& operator=(const FactsRefresher&) = delete;

  // Its statements, for the pool.
  static std::vector<pg::PreparedStatement> Statements();

  // Refreshes every interval on a thread of its own until destroyed.
  void Start();

  // One round: batches until no dirty customer is left (or
  // max_batches_per_round); returns the customers refreshed or forgotten.
  absl::StatusOr<int64_t> RefreshOnce();

  // The last round's error; empty when it succeeded.
  std::string LastError() const;

 private:
  absl::StatusOr<int64_t> RefreshBatch();

  const ScoringContext& context_;
  const FactsRefresherOptions options_;
  mutable absl::Mutex mu_;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_
