#include "services/customer/customer_flags.h"

#include "absl/flags/flag.h"
#include "services/customer/customer_module.h"

ABSL_FLAG(std::string, pii_key, crm::customer::kDevelopmentPiiKey,
          "secret that seals contacts' personal fields (the default is public: development "
          "mode only)");
ABSL_FLAG(std::string, page_token_key, crm::customer::kDevelopmentPageTokenKey,
          "HMAC key for page tokens (the default is public: development mode only)");
ABSL_FLAG(std::vector<std::string>, trusted_source_systems, {"erp-sap"},
          "source systems whose values win a customer merge, most trusted first, "
          "e.g. erp-sap,oa");
