#include "libs/config/env.h"

#include <cstdlib>

namespace crm::config {

std::string EnvOr(std::string_view name, std::string_view fallback) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') return std::string(fallback);
  return value;
}

}  // namespace crm::config
