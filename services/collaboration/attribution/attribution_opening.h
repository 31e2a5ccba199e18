#ifndef CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_OPENING_H_
#define CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_OPENING_H_

// Opening a deal's attribution when an opportunity is won or a contract is
// signed; called by the deal followers (deals/) inside the transaction that
// moves their cursor, so an event replayed or delivered twice opens nothing
// twice.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// What the followers know of a won or signed deal.
struct DealFacts {
  // At least one of them; UUIDs.
  std::string opportunity_id, contract_id;
  std::string customer_id;  // UUID
  std::string title, currency_code;
  int64_t amount_minor = 0;
  // When it was won or signed (Asia/Shanghai); its quarter is the credit
  // report's.
  absl::CivilDay deal_date;
  std::string owner_org_unit;  // "orgUnits/x"
  std::vector<std::string> collaborating_org_units;
  // The history row's method: "follow:opportunity" or "follow:contract".
  std::string method;
};

// Opens the deal's attribution once (deal_key "opportunities/{id}" when there
// is an opportunity, else "contracts/{id}"); a contract signed for an
// opportunity whose attribution exists joins it (contract_id set; amount
// becomes the contract's while DRAFT) instead of opening a second one.
// Contributors proposed: owner (DEAL_OWNER), collaborating units
// (COLLABORATOR), participants of requests linked to the opportunity or
// contract (REQUEST_PARTICIPANT, evidence the request names), the customer's
// owner org unit from replica_customers (ACCOUNT_OWNER); one row per org unit
// with all its roles; policy version in force; history row;
// ATTRIBUTION_OPENED event. Returns whether it opened or changed anything.
absl::StatusOr<bool> OpenAttribution(pqxx::work& tx, const events::Outbox& outbox,
                                     const DealFacts& deal, absl::Time now);

// The statements OpenAttribution uses, for the pool to prepare.
std::vector<pg::PreparedStatement> OpeningStatements();

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_OPENING_H_
