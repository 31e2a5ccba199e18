#ifndef CRM_LIBS_GRPC_SERVER_SERVICE_NAMES_OPTION_H_
#define CRM_LIBS_GRPC_SERVER_SERVICE_NAMES_OPTION_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"

namespace crm::server {

// A ServerBuilder option that copies the full names of the services
// registered on the built server ("crm.customer.v1.CustomerService") into
// `*names` once the server has started. grpc::Service does not expose its
// name; the builder's plugin hook is the supported way to learn it, and it is
// how the reflection service learns its list too.
class ServiceNamesOption final : public grpc::ServerBuilderOption {
 public:
  // `names` must outlive the builder's BuildAndStart().
  explicit ServiceNamesOption(std::vector<std::string>* names) : names_(names) {}

  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override;

 private:
  std::vector<std::string>* names_;
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_SERVICE_NAMES_OPTION_H_
