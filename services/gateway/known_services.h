#ifndef CRM_SERVICES_GATEWAY_KNOWN_SERVICES_H_
#define CRM_SERVICES_GATEWAY_KNOWN_SERVICES_H_

#include <vector>

#include "google/protobuf/descriptor.h"

namespace crm::gateway {

// The suite's public services, from the generated code the gateway links
// (naming them here is what links it): the permission map must cover each
// of their RPCs. Add a service's line when it joins the suite.
std::vector<const google::protobuf::ServiceDescriptor*> KnownServices();

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_KNOWN_SERVICES_H_
