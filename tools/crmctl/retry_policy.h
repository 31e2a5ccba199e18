#ifndef CRM_TOOLS_CRMCTL_RETRY_POLICY_H_
#define CRM_TOOLS_CRMCTL_RETRY_POLICY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace crm::crmctl {

// How crmctl repeats a call the server refused for now: RESOURCE_EXHAUSTED
// or UNAVAILABLE with a google.rpc.RetryInfo is repeated after the delay the
// server asked for; UNAVAILABLE without one after an exponential backoff.
// Either way within `max_attempts` calls and `max_total` from the first.
struct RetryPolicy {
  // Calls in all, the first included; 1 never repeats a call (--retries 0).
  int max_attempts = 5;
  // No attempt starts later than this after the first one started.
  absl::Duration max_total = absl::Seconds(10);
  // UNAVAILABLE without RetryInfo: the first wait, doubled after each
  // attempt up to `max_backoff`.
  absl::Duration first_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  // Each wait is lengthened by up to this fraction at random, so callers
  // refused together do not come back together. Never shortened: the
  // server's delay is the least it asked for.
  double jitter = 0.25;
};

// What to do after a failed attempt.
struct RetryDecision {
  enum class Action {
    kStop,          // not a refusal for now (or no failure): return it as is
    kRetry,         // wait `delay`, then call again
    kGiveUp,        // a refusal for now, but the policy's bounds are reached
                    // (`delay`: the wait asked for that would pass them)
    kNotRepeatable  // a refusal for now, but the call must not be repeated
  };
  Action action = Action::kStop;
  absl::Duration delay = absl::ZeroDuration();
};

// The decision after attempt number `attempts` (1 for the first call)
// failed with `failure`, `elapsed` after the first attempt started.
// `repeatable` says that making the call again changes nothing twice (see
// IsRepeatable). `random` in [0, 1) picks the jitter.
RetryDecision DecideRetry(const RetryPolicy& policy, const absl::Status& failure, bool repeatable,
                          int attempts, absl::Duration elapsed, double random);

// The status to report once `decision` was kGiveUp or kNotRepeatable:
// `failure` with all its details, its message adding what crmctl did and
// how to change that. Any other decision returns `failure` as is.
absl::Status ExplainRetries(const absl::Status& failure, const RetryDecision& decision,
                            const RetryPolicy& policy, int attempts, absl::Duration elapsed);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_RETRY_POLICY_H_
