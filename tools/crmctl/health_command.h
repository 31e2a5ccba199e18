#ifndef CRM_TOOLS_CRMCTL_HEALTH_COMMAND_H_
#define CRM_TOOLS_CRMCTL_HEALTH_COMMAND_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Asks the server's grpc.health.v1.Health service about `service` ("" for
// the whole server) and returns its answer: "SERVING", "NOT_SERVING", ...
absl::StatusOr<std::string> CheckHealth(std::shared_ptr<grpc::ChannelInterface> channel,
                                        const ContextFactory& contexts, std::string_view service);

// `crmctl health`: prints the answer; OK only when SERVING, so scripts and
// probes can test the exit code.
absl::Status RunHealth(const Invocation& invocation,
                       std::shared_ptr<grpc::ChannelInterface> channel,
                       const ContextFactory& contexts, std::ostream& out);

CommandSpec HealthCommand();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HEALTH_COMMAND_H_
