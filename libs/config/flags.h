#ifndef CRM_LIBS_CONFIG_FLAGS_H_
#define CRM_LIBS_CONFIG_FLAGS_H_

// Every Abseil flag of a binary can also come from the environment, so the
// same image runs locally (flags) and on Kubernetes (env from ConfigMaps and
// Secrets): --pg_dsn is also CRM_PG_DSN. Precedence: command line, then
// environment, then the flag's default.
//
// Which flags: every flag except Abseil's own (--flagfile, --help, ...),
// i.e. every flag our sources define. An empty variable counts as unset.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace crm::config {

// "CRM_" + the flag name in upper case: "pg_dsn" -> "CRM_PG_DSN".
std::string EnvVarForFlag(std::string_view flag_name);

// Sets every flag whose variable is set. INVALID_ARGUMENT naming the variable
// and the flag when a value does not parse; flags before it keep their new
// values.
absl::Status ApplyEnvironmentToFlags();

// ApplyEnvironmentToFlags, then absl::ParseCommandLine (which exits on bad
// flags and handles --help). Exits with status 2 and a message naming the
// variable when an environment value is bad. Returns the positional
// arguments, argv[0] first. `usage` is set on the first call only.
std::vector<char*> ParseFlags(int argc, char** argv, std::string_view usage);

}  // namespace crm::config

#endif  // CRM_LIBS_CONFIG_FLAGS_H_
