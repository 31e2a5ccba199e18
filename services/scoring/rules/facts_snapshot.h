#ifndef CRM_SERVICES_SCORING_RULES_FACTS_SNAPSHOT_H_
#define CRM_SERVICES_SCORING_RULES_FACTS_SNAPSHOT_H_

// What the value and health rules read about one customer: the fact table's
// row (scoring.customer_facts), its months (scoring.customer_months), the
// scoring profile HQ gives (strategic, margin) and the survey means. Money
// is CNY minor units (fen); months are calendar months in Asia/Shanghai.

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace crm::scoring {

// One calendar month's figures.
struct MonthFacts {
  absl::CivilMonth month;
  int64_t purchases_minor = 0;
  int64_t receipts_minor = 0;
  int complaints = 0;
  int delivery_problems = 0;
};

struct FactsSnapshot {
  std::vector<MonthFacts> months;  // any order; months with nothing may be missing
  std::optional<absl::CivilDay> first_signed_date;
  int64_t pipeline_open_minor = 0, pipeline_weighted_minor = 0, active_contract_minor = 0,
          receivable_minor = 0, overdue_minor = 0;
  int overdue_days = 0;
  std::optional<absl::Time> last_activity_time, last_visit_time;
  int expiring_without_renewal = 0, delivery_problems = 0, open_requests = 0;
  std::optional<double> satisfaction_latest, satisfaction_previous;  // 0-10 means
  std::optional<int> margin_bp;
  bool strategic = false;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_FACTS_SNAPSHOT_H_
