#include "services/contract/expiry/contract_jobs.h"

#include <string>
#include <utility>

#include "libs/clock/business_day.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_events.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"
#include "services/contract/rules/contract_states.h"

namespace crm::contract {
namespace {

// The columns every job reads of a contract aliased `c` (FactsFrom).
#define JOB_COLUMNS                                                            \
  "c.id::text, c.state, c.customer_id::text, c.currency_code, c.amount_minor," \
  " c.signing_org_unit, coalesce(c.opportunity_id::text, ''), c.version,"      \
  " to_char(c.start_date, 'YYYY-MM-DD'), to_char(c.end_date, 'YYYY-MM-DD')"

// $1 today. Under READ COMMITTED a row changed meanwhile (terminated, or
// moved by another run) is re-checked after its lock and skipped.
constexpr char kToActivate[] = "contract.job_to_activate";
constexpr char kToActivateSql[] =
    "SELECT " JOB_COLUMNS
    " FROM contract.contracts c WHERE c.state = 5 AND c.start_date <= $1::date"
    " AND c.end_date >= $1::date ORDER BY c.start_date, c.id FOR UPDATE";
constexpr char kToExpire[] = "contract.job_to_expire";
constexpr char kToExpireSql[] =
    "SELECT " JOB_COLUMNS
    " FROM contract.contracts c WHERE c.state IN (5, 6) AND c.end_date < $1::date"
    " ORDER BY c.end_date, c.id FOR UPDATE";
// $1 today, $2 the reminder days. Marks each one reminded for its end date
// and returns it; a contract with a renewal in progress (not rejected or
// terminated) is left unmarked, so it is reminded should that renewal fail.
constexpr char kRemind[] = "contract.job_remind_expiring";
constexpr char kRemindSql[] =
    "UPDATE contract.contracts c SET expiry_reminded_for = c.end_date"
    " WHERE c.state IN (5, 6) AND c.end_date >= $1::date"
    " AND c.end_date <= $1::date + $2::int"
    " AND c.expiry_reminded_for IS DISTINCT FROM c.end_date"
    " AND NOT EXISTS (SELECT 1 FROM contract.contracts x WHERE x.renews_id = c.id"
    "   AND x.state NOT IN (4, 8))"
    " RETURNING " JOB_COLUMNS;
// $1 today. Milestones copy their contract's receivable flag: only SIGNED,
// ACTIVE and EXPIRED contracts' milestones are announced.
constexpr char kOverdue[] = "contract.job_milestone_overdue";
constexpr char kOverdueSql[] =
    "UPDATE contract.payment_milestones m SET overdue_announced = true"
    " FROM contract.contracts c WHERE c.id = m.contract_id"
    " AND m.receivable AND m.outstanding_minor > 0 AND NOT m.overdue_announced"
    " AND m.due_date < $1::date"
    " RETURNING c.id::text, m.sequence, m.customer_id::text, m.currency_code,"
    " m.outstanding_minor, m.signing_org_unit, coalesce(c.opportunity_id::text, ''), c.version";

struct JobRow {
  std::string id;
  v1::ContractState state;
  ContractEventFacts facts;
  std::string start_date, end_date;
};

JobRow JobRowOf(const pqxx::row& row) {
  JobRow out;
  out.id = row[0].as<std::string>();
  out.state = static_cast<v1::ContractState>(row[1].as<int>());
  out.facts.customer_id = row[2].as<std::string>();
  out.facts.amount.set_currency_code(row[3].as<std::string>());
  out.facts.amount.set_minor_units(row[4].as<int64_t>());
  out.facts.signing_org_unit = row[5].as<std::string>();
  out.facts.opportunity_id = row[6].as<std::string>();
  out.facts.version = row[7].as<int64_t>();
  out.start_date = row[8].as<std::string>();
  out.end_date = row[9].as<std::string>();
  return out;
}

// The jobs' actor in the audit trail.
request::Actor SystemActor() {
  request::Actor actor;
  actor.method = "system";
  return actor;
}

// Moves every row of `rows` by `action`, with its history row and event.
absl::StatusOr<int64_t> Transition(const events::Outbox& outbox, pqxx::work& tx,
                                   const pqxx::result& rows, ContractAction action,
                                   std::string_view method, v1::ContractEvent::Type type,
                                   absl::Time now) {
  const request::Actor system = SystemActor();
  for (const pqxx::row& row : rows) {
    JobRow job = JobRowOf(row);
    absl::StatusOr<v1::ContractState> next = NextState(job.state, action);
    if (!next.ok()) return next.status();  // the statement selects only allowed states
    job.facts.version = SaveState(tx, job.id, *next, now);
    const std::string comment = action == ContractAction::kActivate
                                    ? crm::StrCat("start date ", job.start_date, " reached")
                                    : crm::StrCat("end date ", job.end_date, " passed");
    RecordHistory(tx, system, job.id, method, job.state, *next, comment, now);
    RecordContractEvent(outbox, tx, type, ContractName(job.id), job.facts);
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace

std::vector<pg::PreparedStatement> ContractJobs::Statements() {
  return {{kToActivate, kToActivateSql},
          {kToExpire, kToExpireSql},
          {kRemind, kRemindSql},
          {kOverdue, kOverdueSql}};
}

absl::Status ContractJobs::Register(jobs::JobScheduler& scheduler, absl::Duration period) const {
  using Body = absl::StatusOr<int64_t> (ContractJobs::*)(pqxx::work&, absl::Time) const;
  const std::pair<const char*, Body> jobs[] = {{kActivation, &ContractJobs::Activate},
                                               {kExpiry, &ContractJobs::Expire},
                                               {kExpiring, &ContractJobs::RemindExpiring},
                                               {kOverdue, &ContractJobs::AnnounceOverdue}};
  for (const auto& [name, body] : jobs) {
    absl::Status added =
        scheduler.Add({.name = name, .period = period},
                      [this, body](pqxx::work& tx, const jobs::JobRun& run) -> absl::Status {
                        // The first run over a large book may touch many rows at once.
                        tx.exec0("SET LOCAL statement_timeout = '120s'");
                        return (this->*body)(tx, run.now).status();
                      });
    if (!added.ok()) return added;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ContractJobs::Activate(pqxx::work& tx, absl::Time now) const {
  const pqxx::result rows = tx.exec_prepared(kToActivate, DayParam(clock::BusinessDayOf(now)));
  return Transition(*context_.outbox, tx, rows, ContractAction::kActivate, "job:activation",
                    v1::ContractEvent::CONTRACT_ACTIVATED, now);
}

absl::StatusOr<int64_t> ContractJobs::Expire(pqxx::work& tx, absl::Time now) const {
  const pqxx::result rows = tx.exec_prepared(kToExpire, DayParam(clock::BusinessDayOf(now)));
  return Transition(*context_.outbox, tx, rows, ContractAction::kExpire, "job:expiry",
                    v1::ContractEvent::CONTRACT_EXPIRED, now);
}

absl::StatusOr<int64_t> ContractJobs::RemindExpiring(pqxx::work& tx, absl::Time now) const {
  const pqxx::result rows =
      tx.exec_prepared(kRemind, DayParam(clock::BusinessDayOf(now)), context_.expiry_reminder_days);
  for (const pqxx::row& row : rows) {
    const JobRow job = JobRowOf(row);
    RecordContractEvent(*context_.outbox, tx, v1::ContractEvent::CONTRACT_EXPIRING,
                        ContractName(job.id), job.facts);
  }
  return static_cast<int64_t>(rows.size());
}

absl::StatusOr<int64_t> ContractJobs::AnnounceOverdue(pqxx::work& tx, absl::Time now) const {
  const pqxx::result rows = tx.exec_prepared(kOverdue, DayParam(clock::BusinessDayOf(now)));
  for (const pqxx::row& row : rows) {
    ContractEventFacts facts;
    facts.customer_id = row[2].as<std::string>();
    facts.amount.set_currency_code(row[3].as<std::string>());
    facts.amount.set_minor_units(row[4].as<int64_t>());
    facts.signing_org_unit = row[5].as<std::string>();
    facts.opportunity_id = row[6].as<std::string>();
    facts.version = row[7].as<int64_t>();
    RecordContractEvent(*context_.outbox, tx, v1::ContractEvent::MILESTONE_OVERDUE,
                        ContractName(row[0].as<std::string>()), facts);
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace crm::contract
