#include "libs/grpc_server/call_principal.h"

#include <atomic>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace crm::server {
namespace {

struct Table {
  // False until the first Set: servers that never label a call (the
  // services) then pay one atomic load per call instead of two locks.
  std::atomic<bool> used{false};
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
  table.used.store(true, std::memory_order_relaxed);
  absl::MutexLock lock(&table.mu);
  table.principals[&context] = std::move(principal);
}

std::string TakeCallPrincipal(const grpc::ServerContextBase& context) {
  Table& table = Principals();
  // A Set for this call happened on a thread that ran earlier in the same
  // call, which gRPC orders before this one.
  if (!table.used.load(std::memory_order_relaxed)) return "";
  absl::MutexLock lock(&table.mu);
  auto node = table.principals.extract(&context);
  return node.empty() ? std::string() : std::move(node.mapped());
}

void ForgetCallPrincipal(const grpc::ServerContextBase& context) {
  Table& table = Principals();
  if (!table.used.load(std::memory_order_relaxed)) return;
  absl::MutexLock lock(&table.mu);
  table.principals.erase(&context);
}

}  // namespace crm::server
