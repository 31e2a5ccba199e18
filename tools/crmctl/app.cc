#include "tools/crmctl/app.h"

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/error_printer.h"
#include "tools/crmctl/help.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

// A usage error: what is wrong, then how the command is used.
int ReportUsageError(const absl::Status& status, const Invocation& invocation,
                     std::ostream& err) {
  err << "error: " << status.message() << '\n';
  if (invocation.command != nullptr) {
    err << "usage: " << UsageLine(*invocation.command) << '\n'
        << "Run \"crmctl " << invocation.command->path
        << " --help\" for its flags.\n";
  } else if (!invocation.words.empty() &&
             PrintHelp(AllCommands(), invocation.words, err)) {
    // The group's command list says what may follow.
  } else {
    err << "Run \"crmctl help\" for the commands.\n";
  }
  return kExitUsage;
}

// `crmctl help [TOPIC]`, `crmctl [TOPIC] --help`.
int ShowHelp(const Invocation& invocation, std::ostream& out,
             std::ostream& err) {
  std::string topic = invocation.words;
  if (invocation.command != nullptr && invocation.command->path == "help") {
    topic.clear();
    for (const std::string& word : invocation.args) {
      topic += topic.empty() ? word : " " + word;
    }
  }
  if (PrintHelp(AllCommands(), topic, out)) return kExitOk;
  err << "error: no command \"crmctl " << topic << "\"\n"
      << "Run \"crmctl help\" for the commands.\n";
  return kExitUsage;
}

int ReportFailure(const absl::Status& status, const Invocation& invocation,
                  std::ostream& err) {
  PrintError(status, err);
  // No ErrorInfo: the server was never reached, so say where we looked.
  if (status.code() == absl::StatusCode::kUnavailable &&
      !status::GetErrorInfo(status).has_value()) {
    err << "  hint: is the server at " << invocation.options.server
        << " running? (--server, CRM_SERVER)\n";
  }
  return kExitFailed;
}

}  // namespace

int RunCrmctl(const std::vector<std::string>& args, const Defaults& defaults,
              const ChannelFactory& open_channel, std::ostream& out,
              std::ostream& err) {
  Invocation invocation;
  if (args.empty()) {
    PrintHelp(AllCommands(), "", err);
    return kExitUsage;
  }
  absl::Status parsed =
      ParseCommandLine(args, AllCommands(), defaults, &invocation);
  if (!parsed.ok()) return ReportUsageError(parsed, invocation, err);
  if (invocation.options.help ||
      (invocation.command != nullptr && invocation.command->path == "help")) {
    return ShowHelp(invocation, out, err);
  }

  std::shared_ptr<grpc::ChannelInterface> channel =
      open_channel(invocation.options.server);
  std::unique_ptr<customer::v1::CustomerService::Stub> stub =
      customer::v1::CustomerService::NewStub(channel);
  std::unique_ptr<ContextFactory> contexts =
      ContextFactoryFor(invocation.options);
  const Connection connection{.channel = channel,
                              .customers = *stub,
                              .contexts = *contexts};
  absl::Status status = invocation.command->run(invocation, connection, out);
  out.flush();
  if (status.ok()) return kExitOk;
  if (IsUsageError(status)) return ReportUsageError(status, invocation, err);
  return ReportFailure(status, invocation, err);
}

}  // namespace crm::crmctl
