#ifndef CRM_LIBS_CONFIG_ENV_H_
#define CRM_LIBS_CONFIG_ENV_H_

#include <string>
#include <string_view>

namespace crm::config {

// The environment variable `name` when set and non-empty, else `fallback`.
std::string EnvOr(std::string_view name, std::string_view fallback);

}  // namespace crm::config

#endif  // CRM_LIBS_CONFIG_ENV_H_
