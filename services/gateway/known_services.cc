#include "services/gateway/known_services.h"

#include "crm/customer/v1/customer_service.pb.h"

namespace crm::gateway {

std::vector<const google::protobuf::ServiceDescriptor*> KnownServices() {
  return {
      customer::v1::Customer::descriptor()->file()->FindServiceByName("CustomerService"),
  };
}

}  // namespace crm::gateway
