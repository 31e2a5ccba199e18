#ifndef CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_
#define CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/scoring/core/scoring_context.h"
#include "services/scoring/facts/facts_builder.h"

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
// work; a MarkDirty of a customer being refreshed waits for the batch and
// marks it again), asks the peers through context.peers, as the service
// principal, for each one's opportunities and activities, contracts with
// their receipts and receivables, and collaboration requests; builds its
// facts (facts_builder.h), replaces its facts row and months, scores it
// (ScoreCustomer) and removes its mark, in one transaction per batch. A
// rebuild's customers advance its customers_done, and the rebuild succeeds
// when none of its marks is left. A customer the replica knows as merged or
// deleted (or the customer service does not know) loses its facts and
// scores (ForgetCustomer) instead.
//
// A customer whose facts a peer (or the customer service) could not give
// keeps its mark, moved to the back of the queue, and is retried next
// round; a round in which no customer got through returns that error. A
// peer that is not configured (no address) counts as having nothing: the
// facts' notes say which service was not read. Thread-safe.
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
  struct BatchOutcome {
    int taken = 0;             // marks taken
    int64_t refreshed = 0;     // customers refreshed or forgotten
    absl::Status first_error;  // of a customer that could not be (requeued)
  };
  // One transaction: up to batch_size marks, oldest first.
  absl::StatusOr<BatchOutcome> RefreshBatch();
  // The customer's facts as the peers give them now; nullopt when the
  // replica knows it as merged or deleted (or the customer service does not
  // know it). Errors: a peer or the customer service did not answer.
  absl::StatusOr<std::optional<BuiltFacts>> Gather(pqxx::work& tx, const std::string& customer_id,
                                                   absl::Time now) const;

  const ScoringContext& context_;
  const FactsRefresherOptions options_;
  mutable absl::Mutex mu_;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FACTS_REFRESHER_H_
