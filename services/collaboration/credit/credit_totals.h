#ifndef CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_TOTALS_H_
#define CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_TOTALS_H_

// The credit report's running totals (collaboration.credit_totals and
// credit_quarter_totals): what the splits in force credit each org unit per
// quarter and currency. A split comes into force when its attribution is
// approved and is replaced by an adjustment; the change that does it adds
// (or removes) the split here in its own transaction, so the totals are
// always those of the splits in force and the report reads a few rows.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// One org unit's part of a split.
struct CreditPart {
  std::string org_unit;  // "orgUnits/x"
  int32_t share_bp = 0;
  int64_t credited_minor = 0;
};

// A deal's split as it counts in the report.
struct CreditSplit {
  std::string quarter;         // of the deal date, "2026Q4"
  std::string currency_code;   // ISO 4217
  std::string owner_org_unit;  // the deal's owner, "orgUnits/x"
  int64_t amount_minor = 0;    // the deal's amount
  std::vector<CreditPart> parts;
};

// Adds (sign +1) or removes (sign -1) a split in force to the totals in the
// caller's transaction. Per org unit of the split: one deal, its credited
// amount and its share; the owner (counted as a contributor even when it is
// not a part) one owned deal, the deal's amount and its own credited part.
// Per quarter and currency: one deal and its amount. Rows left at zero deals
// are deleted. INVALID_ARGUMENT for a split that does not add up (parts'
// credited amounts != amount, shares != 10,000, an org unit twice, no owner,
// a bad quarter or sign); OUT_OF_RANGE (money.crm MONEY_OVERFLOW) for a total
// beyond int64. Statements: CreditTotalsStatements().
absl::Status AddSplit(pqxx::work& tx, const CreditSplit& split, int sign);

// The statements AddSplit uses, for the pool to prepare (also part of
// CreditHandlers::Statements()).
std::vector<pg::PreparedStatement> CreditTotalsStatements();

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_TOTALS_H_
