#ifndef CRM_TOOLS_CRMCTL_SCORING_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_SCORING_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {

// `crmctl customer overview|facts`, `group overview`, `risk
// customers|list|show|plan|outcome`, `tier review open|show|list|approve|
// override`, `tier history`, `scorecard` (and `scorecard target set|list`),
// `survey record|list` and `scoring rebuild|policy get|profile set`: value
// tiers (客户分级), health and churn warnings (流失预警), the customer and
// group overview (客户360 / 集团视图) and the org-unit scorecard (考核), kept
// by the ScoringService. Each builds its request with scoring_requests.h,
// calls through Connection::scoring and prints with scoring_printer.h or as
// JSON. risk plan, risk outcome and tier review approve|override send
// --etag; without it they first read the warning (or find the proposal in
// its review) and send its current etag; scorecard target set does the same
// with the quarter's targets.
std::vector<CommandSpec> ScoringCommands();

// `crmctl scoring rebuild [REBUILD]`: starts a rebuild of the facts from the
// feeds (or, given REBUILD, follows that one) and, unless --no-wait, shows
// its progress every `interval` until it ends; `waiter` waits and says when
// Ctrl-C asks to stop watching (the rebuild goes on). A FAILED rebuild is an
// error naming why.
absl::Status RunScoringRebuild(const Invocation& invocation, ScoringStub& stub,
                               const ContextFactory& contexts, std::ostream& out,
                               PollWaiter& waiter, absl::Duration interval);

// What `crmctl reminders` adds after the stale opportunities: the open churn
// warnings of --org-unit, or of the caller's scope. A server without the
// scoring service (UNIMPLEMENTED) gets a note on `err`, not an error.
absl::Status PrintReminderWarnings(const Invocation& invocation, ScoringStub& stub,
                                   const ContextFactory& contexts, std::ostream& out,
                                   std::ostream& err);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_SCORING_COMMANDS_H_
