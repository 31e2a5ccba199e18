#ifndef CRM_LIBS_AUTH_PRINCIPAL_KEY_H_
#define CRM_LIBS_AUTH_PRINCIPAL_KEY_H_

#include <string>

#include "libs/config/secret.h"

namespace crm::auth {

// The environment variable holding the HMAC key shared by the gateway and the
// services (a Kubernetes Secret in deployments).
inline constexpr char kPrincipalKeyEnv[] = "CRM_PRINCIPAL_KEY";

// A fixed, public key so that `make run`, crmctl and tests work with no
// setup. Anyone can forge principals with it: never deploy with it. Servers
// accept it only in development mode (config::RequireSecrets).
std::string DevelopmentKey();

// $CRM_PRINCIPAL_KEY when set and non-empty; otherwise DevelopmentKey().
std::string PrincipalKeyFromEnvironmentQuietly();

// The same as a secret for a server's start-up check: main() passes it to
// config::RequireSecrets and then uses its value.
config::Secret PrincipalKeySecret();

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_KEY_H_
