#include "libs/grpc_server/service_names_option.h"

#include "grpcpp/impl/server_initializer.h"

namespace crm::server {
namespace {

class ServiceNamesPlugin final : public grpc::ServerBuilderPlugin {
 public:
  explicit ServiceNamesPlugin(std::vector<std::string>* names) : names_(names) {}

  std::string name() override { return "crm_service_names"; }
  void InitServer(grpc::ServerInitializer* /*si*/) override {}
  // Runs after the server started, when every service is registered.
  void Finish(grpc::ServerInitializer* si) override { *names_ = *si->GetServiceList(); }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}

 private:
  std::vector<std::string>* names_;
};

}  // namespace

void ServiceNamesOption::UpdatePlugins(
    std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) {
  plugins->push_back(std::make_unique<ServiceNamesPlugin>(names_));
}

}  // namespace crm::server
