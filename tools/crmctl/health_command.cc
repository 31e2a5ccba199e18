#include "tools/crmctl/health_command.h"

#include <future>

#include "grpcpp/generic/generic_stub.h"
#include "libs/grpc_server/health_check.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

absl::StatusOr<std::string> CheckHealth(std::shared_ptr<grpc::ChannelInterface> channel,
                                        const ContextFactory& contexts, std::string_view service) {
  grpc::GenericStub stub(std::move(channel));
  std::unique_ptr<grpc::ClientContext> context = contexts.New();
  std::promise<absl::StatusOr<server::ServingStatus>> done;
  server::StartHealthCheck(
      stub, *context, service,
      [&done](absl::StatusOr<server::ServingStatus> answer) { done.set_value(std::move(answer)); });
  absl::StatusOr<server::ServingStatus> answer = done.get_future().get();
  if (!answer.ok()) return answer.status();
  return std::string(server::ServingStatusName(*answer));
}

absl::Status RunHealth(const Invocation& invocation,
                       std::shared_ptr<grpc::ChannelInterface> channel,
                       const ContextFactory& contexts, std::ostream& out) {
  const std::string service = invocation.flags.Get("service").value_or("");
  absl::StatusOr<std::string> answer = CheckHealth(std::move(channel), contexts, service);
  if (!answer.ok()) return answer.status();
  if (invocation.options.output == OutputFormat::kJson) {
    // The JSON form of grpc.health.v1.HealthCheckResponse.
    out << "{\n \"status\": \"" << *answer << "\"\n}\n";
  } else {
    out << *answer << '\n';
  }
  if (*answer == "SERVING") return absl::OkStatus();
  // The server answered, so this is not a transport error: say what it said.
  return status::Error(absl::StatusCode::kUnavailable, "crmctl", *answer,
                       crm::StrCat(invocation.options.server, " reports ", *answer,
                                   service.empty() ? "" : crm::StrCat(" for ", service)),
                       {{"server", invocation.options.server}, {"service", service}});
}

CommandSpec HealthCommand() {
  return {.path = "health",
          .summary = "check that --server is up (exit 0 when SERVING)",
          .flags = {{.name = "service",
                     .value_name = "NAME",
                     .help = "one service, e.g. "
                             "crm.customer.v1.CustomerService; default: the "
                             "whole server"}},
          .run = [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
            return RunHealth(invocation, connection.channel, connection.contexts, out);
          }};
}

}  // namespace crm::crmctl
