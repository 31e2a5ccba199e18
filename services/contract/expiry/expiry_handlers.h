#ifndef CRM_SERVICES_CONTRACT_EXPIRY_EXPIRY_HANDLERS_H_
#define CRM_SERVICES_CONTRACT_EXPIRY_EXPIRY_HANDLERS_H_

// Contracts about to end (ListExpiringContracts), called by the service
// facade inside request::Serve. The jobs that move and announce them are
// contract_jobs.h.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/contract/core/contract_context.h"

namespace crm::contract {

inline constexpr int kDefaultExpiringDays = 60;
inline constexpr int kMaxExpiringDays = 366;

class ExpiryHandlers final {
 public:
  explicit ExpiryHandlers(const ContractContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // SIGNED or ACTIVE contracts in the caller's scope whose end date is
  // today or within `days` (1-366, default 60) days, soonest first, then by
  // id, in keyset pages; narrowed to an org unit's subtree (in the caller's
  // scope, else PERMISSION_DENIED ORG_UNIT_OUT_OF_SCOPE) and to those
  // without a renewal in progress when asked. The expiring-without-renewal
  // signal for scoring is this list with without_renewal_only.
  absl::Status ListExpiringContracts(const request::Actor& actor,
                                     const v1::ListExpiringContractsRequest& request,
                                     v1::ListExpiringContractsResponse& response,
                                     status::FieldViolations& violations);

 private:
  const ContractContext& context_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_EXPIRY_EXPIRY_HANDLERS_H_
