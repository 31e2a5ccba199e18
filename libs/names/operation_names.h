#ifndef CRM_LIBS_NAMES_OPERATION_NAMES_H_
#define CRM_LIBS_NAMES_OPERATION_NAMES_H_

// Long-running operation names (google.longrunning.Operation.name) carry the
// service that runs the operation, so the gateway can send each call about it
// to that service without asking anyone:
//
//   operations/{service}/{operation}
//     service:   the short name of the API, "customer" for crm.customer.v1:
//                1-30 of [a-z0-9], starting with a letter
//     operation: 1-64 of [A-Za-z0-9_-] (the customer service uses UUIDs)
//
// Names made before services were named in them, "operations/{operation}",
// are the customer service's; clients may still hold them.

#include <optional>
#include <string>
#include <string_view>

namespace crm::names {

// The service whose operations have no service part in their names.
inline constexpr std::string_view kLegacyOperationService = "customer";

struct OperationNameParts {
  std::string service;  // kLegacyOperationService for an old-style name
  std::string id;
  bool legacy = false;  // "operations/{operation}"
};

// The parts of an operation name, old or new style, or nullopt.
std::optional<OperationNameParts> ParseOperationName(std::string_view name);

// "operations/{service}/{id}".
std::string OperationName(std::string_view service, std::string_view id);

// The service of a ListOperations `name` (the collection): "operations/{service}";
// "", "operations" and "operations/" are the legacy service's. nullopt when
// it is none of these.
std::optional<std::string> ParseOperationCollection(std::string_view name);

// "customer" for "crm.customer.v1.CustomerService" (crm.<service>.v<N>.*), or
// nullopt for a service of another form.
std::optional<std::string> ApiServiceOf(std::string_view full_service_name);

// Whether `service` is a valid {service} part.
bool IsOperationService(std::string_view service);

}  // namespace crm::names

#endif  // CRM_LIBS_NAMES_OPERATION_NAMES_H_
