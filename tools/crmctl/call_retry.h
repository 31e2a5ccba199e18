#ifndef CRM_TOOLS_CRMCTL_CALL_RETRY_H_
#define CRM_TOOLS_CRMCTL_CALL_RETRY_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "tools/crmctl/retry_policy.h"

namespace crm::crmctl {

// True when sending `request` again cannot change anything twice: a read
// (its message is named Get..., BatchGet..., List..., Lookup..., Search...,
// Find..., Resolve... or Watch...Request), a request with `validate_only`
// set, or a change carrying a non-empty `request_id` (the server answers a
// repeat with the first response).
bool IsRepeatable(const google::protobuf::Message& request);

// Makes `attempt` until it succeeds or fails for good, repeating it as
// `policy` says when the server refused it for now and `repeatable` allows;
// the status of a call given up on says so (see ExplainRetries). `wait`
// sleeps between attempts and may return false to stop retrying (Ctrl-C);
// the default sleeps.
absl::Status RetryCall(const RetryPolicy& policy, bool repeatable,
                       absl::FunctionRef<absl::Status()> attempt);
absl::Status RetryCall(const RetryPolicy& policy, bool repeatable,
                       absl::FunctionRef<absl::Status()> attempt,
                       absl::FunctionRef<bool(absl::Duration)> wait);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CALL_RETRY_H_
