#ifndef CRM_SERVICES_SCORING_FACTS_DIRTY_CUSTOMERS_H_
#define CRM_SERVICES_SCORING_FACTS_DIRTY_CUSTOMERS_H_

// Customers whose facts must be fetched again (scoring.dirty_customers): a
// followed event, a survey, a scoring profile or a merge names them, or a
// rebuild queues them. The refresher (facts_refresher.h) takes them oldest
// first, fetches their facts from the other services, scores them and
// removes the mark, all in one transaction.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::scoring {

// Marks `customer_id` (a UUID) dirty as of `now`, in the caller's
// transaction. A customer already marked keeps its earliest mark_time (and
// the rebuild that queued it), so a busy customer is not pushed back behind
// quieter ones. INVALID_ARGUMENT when the id is no UUID.
absl::Status MarkDirty(pqxx::work& tx, const std::string& customer_id, absl::Time now);

// MarkDirty's statements, for the pool (FactsHandlers::Statements() includes
// them).
std::vector<pg::PreparedStatement> DirtyCustomerStatements();

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_DIRTY_CUSTOMERS_H_
