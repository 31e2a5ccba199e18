#ifndef CRM_SERVICES_GATEWAY_PERMISSION_MAP_H_
#define CRM_SERVICES_GATEWAY_PERMISSION_MAP_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"

namespace crm::gateway {

// Which roles may call which RPC: deny by default. Read from a text file
// (permissions.conf), one rule a line:
//
//   # method                                        roles allowed
//   crm.customer.v1.CustomerService/GetCustomer     hq_admin sales service viewer
//   crm.customer.v1.CustomerService/*               hq_admin sales
//
// "Service/*" covers every method of the service without a line of its own.
class PermissionMap {
 public:
  // INVALID_ARGUMENT naming the line of the first bad rule: malformed, an
  // unknown role, a rule given twice.
  static absl::StatusOr<PermissionMap> Parse(std::string_view text);

  // What is wrong with the map for the services (full names) of `pool`: a
  // method with no rule, a rule for a method or service that does not exist.
  // Empty when all is well. Strict start-up refuses a non-empty answer.
  std::vector<std::string> Problems(const google::protobuf::DescriptorPool& pool,
                                    const std::vector<std::string>& services) const;

  // The roles allowed to call `method` ("/package.Service/Method"); null
  // when no rule covers it (deny).
  const std::vector<std::string>* RolesFor(std::string_view method) const;

  // True when one of `roles` may call `method`.
  bool Allows(std::string_view method, const std::vector<std::string>& roles) const;

 private:
  // "package.Service/Method" or "package.Service/*" -> roles
  absl::flat_hash_map<std::string, std::vector<std::string>> rules_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_PERMISSION_MAP_H_
