#ifndef CRM_SERVICES_SCORING_CORE_SCORING_DATABASE_H_
#define CRM_SERVICES_SCORING_CORE_SCORING_DATABASE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "services/scoring/rules/errors.h"  // kErrorDomain, "scoring.crm"

namespace crm::scoring {

inline constexpr char kScoringSchema[] = "scoring";
// Who scoring is when it calls the other services (and the actor of what
// its own jobs and followers change).
inline constexpr char kServicePrincipal[] = "services/scoring";

// The scoring schema as every user of it opens it: its migrations
// (services/scoring/migrations) after the library tables it holds (request
// log, outbox, followed feeds — the customer and group replicas' and the
// facts' feed followers' cursors —, the customer and group replicas,
// scheduled jobs), with the statements of those libraries, of core/
// (scoring_scope.h) and `store_statements` (each capability's) prepared on
// every connection. `options` gives the DSN, size and name; `request_log`
// (of kScoringSchema) must outlive the pool.
absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> OpenScoringDatabase(
    pg::PoolOptions options, const idempotency::RequestLog& request_log,
    std::vector<pg::PreparedStatement> store_statements, bool migrate);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_SCORING_DATABASE_H_
