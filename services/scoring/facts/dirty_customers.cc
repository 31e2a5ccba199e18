#include "services/scoring/facts/dirty_customers.h"

#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/rules/errors.h"

namespace crm::scoring {
namespace {

constexpr char kMarkDirty[] = "scoring.facts_mark_dirty";
// An existing mark keeps its time and rebuild: the customer stays where it
// is in the refresher's queue.
constexpr char kMarkDirtySql[] =
    "INSERT INTO scoring.dirty_customers (customer_id, mark_time)"
    " VALUES ($1::uuid, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond')"
    " ON CONFLICT (customer_id) DO NOTHING";

}  // namespace

absl::Status MarkDirty(pqxx::work& tx, const std::string& customer_id, absl::Time now) {
  if (!names::IsUuid(customer_id)) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "INVALID_ARGUMENT",
                         crm::StrCat("customer id ", customer_id, " is not a UUID"));
  }
  tx.exec_prepared0(kMarkDirty, customer_id, absl::ToUnixMicros(now));
  return absl::OkStatus();
}

std::vector<pg::PreparedStatement> DirtyCustomerStatements() {
  return {{kMarkDirty, kMarkDirtySql}};
}

}  // namespace crm::scoring
