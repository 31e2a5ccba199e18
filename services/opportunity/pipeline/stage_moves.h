#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_STAGE_MOVES_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_STAGE_MOVES_H_

// The stage changes of ChangeStage, WinOpportunity, LoseOpportunity and
// ReopenOpportunity applied to an opportunity as stored: the rules' state
// machine (rules/stage_transition.h) judges, this keeps the stored facts in
// step with its verdict (days per stage, the stage's start, close date and
// loss reason) and says what the history and the feed record.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/common/v1/date.pb.h"
#include "services/opportunity/pipeline/opportunity_store.h"
#include "services/opportunity/rules/stage_model.h"
#include "services/opportunity/rules/stage_transition.h"

namespace crm::opportunity {

// Applies `transition` by `caller` at `now` to `o`. `close_date` is the
// request's (WON and LOST; today in China when unset). HQ, or a caller whose
// org unit is the owner org unit or above it, may reopen.
absl::StatusOr<ChangeNote> ApplyStageTransition(StoredOpportunity& o,
                                                const StageTransition& transition,
                                                const auth::v1::Principal& caller,
                                                const common::v1::Date& close_date,
                                                const StageModel& model, absl::Time now);

// Today in China (Asia/Shanghai, UTC+8 all year) at `now`.
common::v1::Date TodayInChina(absl::Time now);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_STAGE_MOVES_H_
