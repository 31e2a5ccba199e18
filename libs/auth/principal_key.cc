#include "libs/auth/principal_key.h"

#include <cstdlib>

namespace crm::auth {

std::string DevelopmentKey() {
  return "crm-local-development-principal-key-do-not-use-in-production";
}

std::string PrincipalKeyFromEnvironmentQuietly() {
  const char* value = std::getenv(kPrincipalKeyEnv);
  return value != nullptr && *value != '\0' ? value : DevelopmentKey();
}

config::Secret PrincipalKeySecret() {
  return {.setting = kPrincipalKeyEnv,
          .purpose =
              "the HMAC key with which the gateway signs each caller's principal and "
              "the services verify it; the same value for all of them",
          .value = PrincipalKeyFromEnvironmentQuietly(),
          .development_value = DevelopmentKey()};
}

}  // namespace crm::auth
