#ifndef CRM_SERVICES_CONTRACT_APPROVALS_INBOX_STORE_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_INBOX_STORE_H_

// The approval inbox: PENDING_APPROVAL contracts in the caller's scope whose
// current step (the first not yet decided) is for a role the caller holds,
// not submitted by the caller; oldest submission first.

#include <cstdint>
#include <string>
#include <vector>

#include "crm/auth/v1/principal.pb.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::contract {

std::vector<pg::PreparedStatement> InboxStatements();

// Where a page starts: after (submit time in microseconds, id); 0 and ""
// for the first page.
struct InboxCursor {
  int64_t submit_micros = 0;
  std::string id;
};

struct InboxEntry {
  std::string id;
  int64_t submit_micros = 0;
};

// Up to `limit` entries after `after` for `principal`.
std::vector<InboxEntry> ReadInbox(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const InboxCursor& after, int limit);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_INBOX_STORE_H_
