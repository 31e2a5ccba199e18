#include "libs/auth/principal_key.h"

#include <cstdlib>

#include "libs/log/log.h"

namespace crm::auth {

std::string DevelopmentKey() {
  return "crm-local-development-principal-key-do-not-use-in-production";
}

std::string PrincipalKeyFromEnvironmentQuietly() {
  const char* value = std::getenv(kPrincipalKeyEnv);
  return value != nullptr && *value != '\0' ? value : DevelopmentKey();
}

std::string PrincipalKeyFromEnvironment() {
  std::string key = PrincipalKeyFromEnvironmentQuietly();
  if (key == DevelopmentKey()) {
    log::Warn("principal key not configured: using the public development key",
              {{"env", kPrincipalKeyEnv}});
  }
  return key;
}

}  // namespace crm::auth
