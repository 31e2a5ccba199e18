#ifndef CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIPT_STORE_H_
#define CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIPT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "services/contract/core/contract_context.h"

namespace crm::contract {

// One page of a contract's receipts, and the keyset of its last one (empty
// on the last page): create time in microseconds and the id.
struct ReceiptPage {
  std::vector<v1::Receipt> receipts;
  std::vector<std::string> last_key;
};

// Receipts (contract.receipts, receipt_allocations) and the milestones'
// paid amounts they move.
class ReceiptStore final {
 public:
  explicit ReceiptStore(const ContractContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Records `receipt` (valid: ValidateReceipt) against contract
  // `contract_id` in one transaction, replayed by the actor's request id:
  // the contract locked in the caller's scope (LockContract) and SIGNED,
  // ACTIVE or EXPIRED (else FAILED_PRECONDITION CONTRACT_NOT_RECEIVABLE),
  // its currency the receipt's (else INVALID_ARGUMENT), its milestones
  // locked and paid by Allocate (rules/receipt_allocation.h), and
  // RECEIPT_RECORDED on the feed. A bank reference recorded before with the
  // same contract, date and amount returns that receipt and writes nothing;
  // with other values it is ALREADY_EXISTS (BANK_REFERENCE_USED).
  absl::StatusOr<v1::Receipt> Record(const request::Actor& actor, const std::string& contract_id,
                                     const v1::Receipt& receipt);

  // The receipts of contract `contract_id` (in the caller's scope, else
  // CONTRACT_NOT_IN_SCOPE / CONTRACT_NOT_FOUND), oldest first, after the
  // keyset `after` (empty: from the first), at most `limit`.
  absl::StatusOr<ReceiptPage> List(const auth::v1::Principal& principal,
                                   const std::string& contract_id,
                                   const std::vector<std::string>& after, int limit);

 private:
  const ContractContext& context_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIPT_STORE_H_
