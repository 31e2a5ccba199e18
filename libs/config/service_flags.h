#ifndef CRM_LIBS_CONFIG_SERVICE_FLAGS_H_
#define CRM_LIBS_CONFIG_SERVICE_FLAGS_H_

// The flags every binary of the suite shares, defined once (service_flags.cc)
// so crm-suite and each service's own binary take the same names with the
// same defaults, and the same CRM_* variables (flags.h).

#include <string>
#include <string_view>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, metrics_address);
ABSL_DECLARE_FLAG(std::string, pg_dsn);
ABSL_DECLARE_FLAG(int, pg_pool_size);
ABSL_DECLARE_FLAG(std::string, redis_address);
ABSL_DECLARE_FLAG(bool, migrate);
ABSL_DECLARE_FLAG(bool, access_log);

namespace crm::config {

// --listen, or `own` (the binary's own address, e.g. "127.0.0.1:50051" for
// the customer service) when it is empty.
std::string ListenAddressOr(std::string_view own);

}  // namespace crm::config

#endif  // CRM_LIBS_CONFIG_SERVICE_FLAGS_H_
