#ifndef CRM_TOOLS_CRMCTL_APP_H_
#define CRM_TOOLS_CRMCTL_APP_H_

#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the call failed, or not SERVING
inline constexpr int kExitUsage = 2;   // the command line is wrong

// Opens a channel to --server. main uses an insecure channel; tests hand in
// an in-process one.
using ChannelFactory = std::function<std::shared_ptr<grpc::ChannelInterface>(const std::string&)>;

// Runs one crmctl command line (without the program name): parses it, answers
// help, or looks up the credential (credentials.h), calls the server and
// prints the result to `out`. Errors and notes go to `err`; `in` is read only
// by `login --token-stdin`. Returns the exit code.
int RunCrmctl(const std::vector<std::string>& args, const Defaults& defaults,
              const ChannelFactory& open_channel, std::istream& in, std::ostream& out,
              std::ostream& err);

// The same with standard input as `in`.
int RunCrmctl(const std::vector<std::string>& args, const Defaults& defaults,
              const ChannelFactory& open_channel, std::ostream& out, std::ostream& err);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_APP_H_
