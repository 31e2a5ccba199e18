#include "libs/cache/redis_options.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::cache {

absl::StatusOr<RedisOptions> ParseRedisAddress(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(crm::StrCat("redis address \"",
                                                  absl::string_view(address.data(), address.size()),
                                                  "\": expected host:port"));
  }
  RedisOptions options;
  options.host = std::string(address.substr(0, colon));
  const std::string_view port = address.substr(colon + 1);
  if (!absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &options.port) ||
      options.port <= 0 || options.port > 65535) {
    return absl::InvalidArgumentError(crm::StrCat("redis address \"",
                                                  absl::string_view(address.data(), address.size()),
                                                  "\": port must be a number from 1 to 65535"));
  }
  return options;
}

}  // namespace crm::cache
