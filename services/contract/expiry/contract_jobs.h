#ifndef CRM_SERVICES_CONTRACT_EXPIRY_CONTRACT_JOBS_H_
#define CRM_SERVICES_CONTRACT_EXPIRY_CONTRACT_JOBS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_context.h"

namespace crm::contract {

// The contract service's scheduled jobs (libs/jobs: one replica runs a job
// at a time, under its advisory lock, and a run's work commits with its
// schedule). "Today" is the run's time (the scheduler's clock) in
// Asia/Shanghai (libs/clock/business_day.h). Each job announces its event once:
//
//   contract_activation  SIGNED → ACTIVE when the start date has come (and
//                        the end date has not passed): CONTRACT_ACTIVATED
//   contract_expiry      SIGNED or ACTIVE → EXPIRED once the end date has
//                        passed: CONTRACT_EXPIRED
//   contract_expiring    CONTRACT_EXPIRING for a SIGNED or ACTIVE contract
//                        ending within expiry_reminder_days with no renewal
//                        in progress; once per end date (expiry_reminded_for)
//   milestone_overdue    MILESTONE_OVERDUE once per receivable milestone
//                        that is past due and not paid (overdue_announced)
//
// The state changes are the state machine's (rules/contract_states.h), saved
// by core's SaveState with a history row (actor "system", method
// "job:activation" or "job:expiry"). A rerun, a second replica, or a crash
// after commit finds nothing left to do: each statement changes only rows
// still in the state (or flag) it looks for, under their row locks.
class ContractJobs final {
 public:
  static constexpr char kActivation[] = "contract_activation";
  static constexpr char kExpiry[] = "contract_expiry";
  static constexpr char kExpiring[] = "contract_expiring";
  static constexpr char kOverdue[] = "milestone_overdue";

  // `context` (outbox, reminder days) outlives the jobs.
  explicit ContractJobs(const ContractContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Adds the four jobs to `scheduler` (whose schema is "contract"), each run
  // every `period`, in the order above (so a contract whose start date came
  // is activated before its milestones are looked at). The jobs must
  // outlive the scheduler.
  absl::Status Register(jobs::JobScheduler& scheduler,
                        absl::Duration period = absl::Hours(1)) const;

  // One run's work in `tx` at `now`; each returns how many it announced.
  absl::StatusOr<int64_t> Activate(pqxx::work& tx, absl::Time now) const;
  absl::StatusOr<int64_t> Expire(pqxx::work& tx, absl::Time now) const;
  absl::StatusOr<int64_t> RemindExpiring(pqxx::work& tx, absl::Time now) const;
  absl::StatusOr<int64_t> AnnounceOverdue(pqxx::work& tx, absl::Time now) const;

 private:
  const ContractContext& context_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_EXPIRY_CONTRACT_JOBS_H_
