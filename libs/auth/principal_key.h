#ifndef CRM_LIBS_AUTH_PRINCIPAL_KEY_H_
#define CRM_LIBS_AUTH_PRINCIPAL_KEY_H_

#include <string>

namespace crm::auth {

// The environment variable holding the HMAC key shared by the gateway and the
// services (a Kubernetes Secret in deployments).
inline constexpr char kPrincipalKeyEnv[] = "CRM_PRINCIPAL_KEY";

// A fixed, public key so that `make run`, crmctl and tests work with no
// setup. Anyone can forge principals with it: never deploy with it.
std::string DevelopmentKey();

// $CRM_PRINCIPAL_KEY when set and non-empty; otherwise DevelopmentKey(),
// with a warning in the log.
std::string PrincipalKeyFromEnvironment();

// The same without the warning, for command-line tools whose output a log
// line would clutter.
std::string PrincipalKeyFromEnvironmentQuietly();

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_KEY_H_
