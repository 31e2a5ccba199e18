#include "services/opportunity/stale/stale_job.h"

#include <string>
#include <vector>

#include "libs/events/event.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

constexpr char kAnnounce[] = "opportunity.stale_announce";
// Open and quiet for longer than the newest model allows, and this quiet
// period not announced yet. Under READ COMMITTED a concurrent run that
// announced the same row first makes this one re-check it after its commit
// and skip it.
constexpr char kAnnounceSql[] =
    "UPDATE opportunity.opportunities o"
    " SET stale_announced_from = coalesce(o.last_activity_time, o.create_time)"
    " WHERE o.stage < 6"
    " AND coalesce(o.last_activity_time, o.create_time) <"
    "   ('epoch'::timestamptz + $1::bigint * interval '1 microsecond')"
    "   - make_interval(days => (SELECT m.stale_after_days FROM opportunity.stage_models m"
    "     ORDER BY m.version DESC LIMIT 1))"
    " AND o.stale_announced_from IS DISTINCT FROM coalesce(o.last_activity_time, o.create_time)"
    " RETURNING o.id::text, o.customer_id::text, o.version";

}  // namespace

std::vector<pg::PreparedStatement> StaleJob::Statements() { return {{kAnnounce, kAnnounceSql}}; }

absl::Status StaleJob::Register(jobs::JobScheduler& scheduler, absl::Duration period) const {
  return scheduler.Add({.name = kName, .period = period},
                       [this](pqxx::work& tx, const jobs::JobRun& run) -> absl::Status {
                         absl::StatusOr<int64_t> announced = Announce(tx, run.now);
                         return announced.status();
                       });
}

absl::StatusOr<int64_t> StaleJob::Announce(pqxx::work& tx, absl::Time now) const {
  // The first run over a large pipeline may announce many at once.
  tx.exec0("SET LOCAL statement_timeout = '120s'");
  const pqxx::result rows = tx.exec_prepared(kAnnounce, absl::ToUnixMicros(now));
  std::vector<events::NewEvent> stale;
  stale.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    stale.push_back(OpportunityEventOf(v1::OpportunityEvent::OPPORTUNITY_STALE,
                                       OpportunityName(row[0].as<std::string>()),
                                       row[1].as<std::string>(), row[2].as<int64_t>()));
  }
  if (!stale.empty()) events::RecordEvents(tx, outbox_.options(), stale);
  return static_cast<int64_t>(rows.size());
}

}  // namespace crm::opportunity
