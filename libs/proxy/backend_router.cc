#include "libs/proxy/backend_router.h"

namespace crm::proxy {

void BackendRouter::Add(std::string service, std::shared_ptr<grpc::Channel> channel) {
  stubs_[std::move(service)] = std::make_unique<grpc::GenericStub>(std::move(channel));
}

std::string_view BackendRouter::ServiceOf(std::string_view method) {
  if (method.size() < 4 || method[0] != '/') return {};
  const size_t slash = method.find('/', 1);
  if (slash == std::string_view::npos || slash == 1 || slash + 1 == method.size()) return {};
  return method.substr(1, slash - 1);
}

grpc::GenericStub* BackendRouter::Find(std::string_view method) const {
  const std::string_view service = ServiceOf(method);
  if (service.empty()) return nullptr;
  const auto found = stubs_.find(absl::string_view(service.data(), service.size()));
  return found == stubs_.end() ? nullptr : found->second.get();
}

}  // namespace crm::proxy
