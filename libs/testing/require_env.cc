#include "libs/testing/require_env.h"

#include <cstdlib>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/strings/str_cat.h"

namespace crm::testing {

std::string RequireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value != nullptr && *value != '\0') return value;
  const std::string message =
      crm::StrCat("environment variable ", name,
                  " is not set; run this test through ctest (which starts the test "
                  "servers) or export it, e.g. after `bash deploy/local/servers.sh start "
                  "test`");
  ADD_FAILURE() << message;
  // Stops the test body; GoogleTest records the exception as a failure too.
  throw std::runtime_error(message);
}

}  // namespace crm::testing
