#include "libs/grpc_server/call_principal.h"

#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace crm::server {
namespace {

struct Table {
  absl::Mutex mu;
  absl::flat_hash_map<const void*, std::string> principals ABSL_GUARDED_BY(mu);
};

Table& Principals() {
  static Table* const table = new Table;  // never destroyed: used until exit
  return *table;
}

}  // namespace

void SetCallPrincipal(const grpc::ServerContextBase& context, std::string principal) {
  Table& table = Principals();
  absl::MutexLock lock(&table.mu);
  table.principals[&context] = std::move(principal);
}

std::string TakeCallPrincipal(const grpc::ServerContextBase& context) {
  Table& table = Principals();
  absl::MutexLock lock(&table.mu);
  auto node = table.principals.extract(&context);
  return node.empty() ? std::string() : std::move(node.mapped());
}

void ForgetCallPrincipal(const grpc::ServerContextBase& context) {
  Table& table = Principals();
  absl::MutexLock lock(&table.mu);
  table.principals.erase(&context);
}

}  // namespace crm::server
