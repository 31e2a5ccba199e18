// crmctl: the command-line client of the CRM suite, through its API gateway.
// See `crmctl help` and tools/crmctl/README.md.

#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/credentials.h"

namespace {

// Answers larger than gRPC's default 4 MiB, e.g. the report of a
// `hierarchy import` of 100,000 rows that lists a problem for each.
constexpr int kMaxReceiveMessageBytes = 64 << 20;

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  crm::crmctl::Defaults defaults;
  defaults.server = EnvOr("CRM_SERVER", defaults.server);
  defaults.as = EnvOr("CRM_AS", defaults.as);
  defaults.token = EnvOr("CRM_TOKEN", "");
  defaults.home = EnvOr("HOME", "");
  defaults.saved_token_path =
      crm::crmctl::SavedTokenPath(EnvOr("XDG_CONFIG_HOME", ""), defaults.home);
  defaults.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
  // https://no-color.org: any value of NO_COLOR turns colours off.
  defaults.stdout_takes_colour = isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return crm::crmctl::RunCrmctl(
        args, defaults,
        [](const std::string& server) {
          grpc::ChannelArguments arguments;
          arguments.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
          return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), arguments);
        },
        std::cin, std::cout, std::cerr);
  } catch (const std::exception& e) {
    // gRPC and Abseil do not throw; this only keeps a surprise readable.
    std::cerr << "error: INTERNAL: " << e.what() << '\n';
    return crm::crmctl::kExitFailed;
  }
}
