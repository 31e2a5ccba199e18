#include "tools/crmctl/app.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "libs/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/credentials.h"
#include "tools/crmctl/error_printer.h"
#include "tools/crmctl/exit_status.h"
#include "tools/crmctl/help.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

// A development token minted for one command must outlive every call of a
// long `--all` listing; a local `make run` gateway accepts an hour.
constexpr absl::Duration kMinDevelopmentTokenLifetime = absl::Hours(1);

// A usage error: what is wrong, then how the command is used.
int ReportUsageError(const absl::Status& status, const Invocation& invocation, std::ostream& err) {
  err << "error: " << status.message() << '\n';
  if (invocation.command != nullptr) {
    err << "usage: " << UsageLine(*invocation.command) << '\n'
        << "Run \"crmctl " << invocation.command->path << " --help\" for its flags.\n";
  } else if (!invocation.words.empty() && PrintHelp(AllCommands(), invocation.words, err)) {
    // The group's command list says what may follow.
  } else {
    err << "Run \"crmctl help\" for the commands.\n";
  }
  return kExitUsage;
}

// `crmctl help [TOPIC]`, `crmctl [TOPIC] --help`.
int ShowHelp(const Invocation& invocation, std::ostream& out, std::ostream& err) {
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

// Says which token a refused call carried and how to get a better one.
void PrintCredentialHint(const Credential& credential, std::ostream& err) {
  switch (credential.source) {
    case CredentialSource::kDevelopment:
      err << "  hint: sent " << credential.origin
          << ", which only a local gateway (make run) accepts, and only for "
             "a user of its organisation; elsewhere run \"crmctl login "
             "--token-file FILE\"\n";
      break;
    case CredentialSource::kSaved:
      err << "  hint: sent the token saved by \"crmctl login\" (" << credential.origin
          << "); run \"crmctl login\" again\n";
      break;
    case CredentialSource::kEnvironment:
    case CredentialSource::kTokenFile:
      err << "  hint: sent the token from " << credential.origin << '\n';
      break;
  }
}

int ReportFailure(const absl::Status& status, const Invocation& invocation,
                  const Credential* credential, std::ostream& err) {
  PrintError(status, err);
  // No ErrorInfo: the server was never reached, so say where we looked.
  if (status.code() == absl::StatusCode::kUnavailable &&
      !status::GetErrorInfo(status).has_value()) {
    err << "  hint: is the server at " << invocation.options.server
        << " running? (--server, CRM_SERVER)\n";
  }
  if (status.code() == absl::StatusCode::kUnauthenticated && credential != nullptr) {
    PrintCredentialHint(*credential, err);
  }
  return kExitFailed;
}

absl::StatusOr<Credential> CredentialFor(const GlobalOptions& options) {
  return FindCredential({.token_file = options.token_file,
                         .env_token = options.token,
                         .saved_token_path = options.saved_token_path,
                         .home = options.home,
                         .user = options.user,
                         .org_unit = options.org_unit,
                         .roles = RolesFor(options),
                         .lifetime = std::max(kMinDevelopmentTokenLifetime, options.timeout * 2)});
}

}  // namespace

int RunCrmctl(const std::vector<std::string>& args, const Defaults& defaults,
              const ChannelFactory& open_channel, std::ostream& out, std::ostream& err) {
  return RunCrmctl(args, defaults, open_channel, std::cin, out, err);
}

int RunCrmctl(const std::vector<std::string>& args, const Defaults& defaults,
              const ChannelFactory& open_channel, std::istream& in, std::ostream& out,
              std::ostream& err) {
  Invocation invocation;
  if (args.empty()) {
    PrintHelp(AllCommands(), "", err);
    return kExitUsage;
  }
  absl::Status parsed = ParseCommandLine(args, AllCommands(), defaults, &invocation);
  if (!parsed.ok()) return ReportUsageError(parsed, invocation, err);
  if (invocation.options.help ||
      (invocation.command != nullptr && invocation.command->path == "help")) {
    return ShowHelp(invocation, out, err);
  }

  std::optional<Credential> credential;
  if (invocation.command->needs_credential) {
    absl::StatusOr<Credential> found = CredentialFor(invocation.options);
    if (!found.ok()) {
      return ReportFailure(found.status(), invocation, nullptr, err);
    }
    credential = *std::move(found);
    invocation.options.credential_origin = credential->origin;
    if (invocation.options.as_given && credential->source != CredentialSource::kDevelopment) {
      err << "note: --as only names the development principal; through the "
             "gateway the token from "
          << credential->origin << " says who calls\n";
    }
  }

  std::shared_ptr<grpc::ChannelInterface> channel = open_channel(invocation.options.server);
  std::unique_ptr<customer::v1::CustomerService::Stub> customers =
      customer::v1::CustomerService::NewStub(channel);
  std::unique_ptr<gateway::v1::OrgService::Stub> org = gateway::v1::OrgService::NewStub(channel);
  std::unique_ptr<hierarchy::v1::HierarchyService::Stub> hierarchy_stub =
      hierarchy::v1::HierarchyService::NewStub(channel);
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunity_stub =
      opportunity::v1::OpportunityService::NewStub(channel);
  std::unique_ptr<contract::v1::ContractService::Stub> contract_stub =
      contract::v1::ContractService::NewStub(channel);
  std::unique_ptr<collaboration::v1::CollaborationService::Stub> collaboration_stub =
      collaboration::v1::CollaborationService::NewStub(channel);
  std::unique_ptr<scoring::v1::ScoringService::Stub> scoring_stub =
      scoring::v1::ScoringService::NewStub(channel);
  std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(
      invocation.options, credential.has_value() ? credential->token : invocation.options.token);
  const Connection connection{.channel = channel,
                              .customers = *customers,
                              .org = *org,
                              .hierarchy = *hierarchy_stub,
                              .opportunities = *opportunity_stub,
                              .contracts = *contract_stub,
                              .collaboration = *collaboration_stub,
                              .scoring = *scoring_stub,
                              .contexts = *contexts,
                              .in = in,
                              .err = err};
  absl::Status status = invocation.command->run(invocation, connection, out);
  out.flush();
  if (status.ok()) return kExitOk;
  if (std::optional<int> code = QuietExitCode(status)) return *code;
  if (IsUsageError(status)) return ReportUsageError(status, invocation, err);
  return ReportFailure(status, invocation, credential.has_value() ? &*credential : nullptr, err);
}

}  // namespace crm::crmctl
