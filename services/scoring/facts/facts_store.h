#ifndef CRM_SERVICES_SCORING_FACTS_FACTS_STORE_H_
#define CRM_SERVICES_SCORING_FACTS_FACTS_STORE_H_

// The fact table as the scores read it: scoring.customer_facts, its months
// (scoring.customer_months), the customer's scoring profile
// (scoring.profiles: strategic, margin) and the mean survey scores
// (scoring.surveys) of the quarter of `now` and the one before, both
// Asia/Shanghai.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/scoring/facts/facts_builder.h"
#include "services/scoring/rules/facts_snapshot.h"

namespace crm::scoring {

// One customer's facts; nullopt when it has no facts row yet (never
// refreshed). Errors: INVALID_ARGUMENT when the id is no UUID.
absl::StatusOr<std::optional<FactsSnapshot>> ReadFacts(pqxx::transaction_base& tx,
                                                       const std::string& customer_id,
                                                       absl::Time now);

// Up to `limit` customers with a facts row whose id is above
// `after_customer_id` ("" for the first page), in customer_id order, each
// with its facts, read with a few statements whatever the page's size.
absl::StatusOr<std::vector<std::pair<std::string, FactsSnapshot>>> ReadFactsPage(
    pqxx::transaction_base& tx, const std::string& after_customer_id, int limit, absl::Time now);

// The stored row as GetCustomerFacts and the overview show it: the facts
// row with its notes and refresh time; nullopt when none.
struct StoredFacts {
  FactsSnapshot snapshot;
  std::vector<std::string> notes;
  absl::Time refresh_time;
};
absl::StatusOr<std::optional<StoredFacts>> ReadStoredFacts(pqxx::transaction_base& tx,
                                                           const std::string& customer_id,
                                                           absl::Time now);

// Replaces the customer's facts row and months with `facts` (refreshed at
// `now`).
absl::Status WriteFacts(pqxx::work& tx, const std::string& customer_id, const BuiltFacts& facts,
                        absl::Time now);

// Deletes the customer's facts row and months (merged away or deleted).
absl::Status DeleteFacts(pqxx::work& tx, const std::string& customer_id);

// The store's statements, for the pool (FactsHandlers::Statements() includes
// them).
std::vector<pg::PreparedStatement> FactsStoreStatements();

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FACTS_STORE_H_
