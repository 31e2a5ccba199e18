#ifndef CRM_TOOLS_CRMCTL_PARSE_FOR_TEST_H_
#define CRM_TOOLS_CRMCTL_PARSE_FOR_TEST_H_

// For the request-builder tests: a command line parsed with the real command
// table, failing the test when it does not parse.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/commands.h"

namespace crm::crmctl {

inline Invocation Parse(const std::vector<std::string>& args) {
  Invocation invocation;
  const absl::Status status = ParseCommandLine(args, AllCommands(), Defaults(), &invocation);
  EXPECT_TRUE(status.ok()) << status;
  return invocation;
}

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_PARSE_FOR_TEST_H_
