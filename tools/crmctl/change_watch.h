#ifndef CRM_TOOLS_CRMCTL_CHANGE_WATCH_H_
#define CRM_TOOLS_CRMCTL_CHANGE_WATCH_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {

// `customer changes --follow` over WatchCustomerChanges: the server pushes
// each change as it commits, instead of crmctl polling for it.

// Where the watch starts: the list request's cursor or start time; neither
// means the oldest change kept, as for the list (the watch alone would start
// from now).
customer::v1::WatchCustomerChangesRequest WatchRequestFor(
    const customer::v1::ListCustomerChangesRequest& request);

// Calls `on_message` with each message (changes, or none in a heartbeat,
// and the cursor after them) until `waiter` asks to stop (OK), the stream
// ends (its status) or `on_message` fails (that status). The call has no
// deadline. nullopt when the server has no WatchCustomerChanges (an older
// one): poll instead.
std::optional<absl::Status> WatchChanges(
    CustomerStub& stub, const ContextFactory& contexts,
    const customer::v1::WatchCustomerChangesRequest& request, PollWaiter& waiter,
    absl::FunctionRef<absl::Status(const customer::v1::WatchCustomerChangesResponse&)> on_message);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CHANGE_WATCH_H_
