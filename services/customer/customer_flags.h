#ifndef CRM_SERVICES_CUSTOMER_CUSTOMER_FLAGS_H_
#define CRM_SERVICES_CUSTOMER_CUSTOMER_FLAGS_H_

// The customer service's own flags, defined once (customer_flags.cc) for
// crm-customer and crm-suite alike, so both start with the same defaults.

#include <string>
#include <vector>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, pii_key);
ABSL_DECLARE_FLAG(std::string, page_token_key);
ABSL_DECLARE_FLAG(std::vector<std::string>, trusted_source_systems);

#endif  // CRM_SERVICES_CUSTOMER_CUSTOMER_FLAGS_H_
