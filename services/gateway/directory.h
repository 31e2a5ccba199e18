#ifndef CRM_SERVICES_GATEWAY_DIRECTORY_H_
#define CRM_SERVICES_GATEWAY_DIRECTORY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "libs/pg/pool.h"

namespace crm::gateway {

// Who each user is, as every call needs it: org unit, its path, roles and
// data scope (the org units of that org unit's subtree; everything for HQ),
// read from gateway.org_units and gateway.users into an in-memory snapshot so
// that resolving a caller costs a hash lookup, not a query. Thread-safe.
class Directory final {
 public:
  explicit Directory(pg::ConnectionPool& pool) : pool_(pool) {}

  // Loads a new snapshot when gateway.directory_state says the organisation
  // changed since the last load; one cheap SELECT otherwise.
  absl::Status Reload();

  // The principal of user `user_id` (the token's "sub") without expiry or
  // request id. UNAUTHENTICATED (USER_UNKNOWN, USER_DISABLED) otherwise.
  absl::StatusOr<auth::v1::Principal> Resolve(std::string_view user_id) const;

  // Version of the snapshot in use (0 before the first load).
  int64_t version() const;

  // Statements to prepare on the pool.
  static std::vector<pg::PreparedStatement> Statements();

 private:
  struct Entry {
    bool disabled = false;
    auth::v1::Principal principal;
  };
  struct Snapshot {
    int64_t version = 0;
    absl::flat_hash_map<std::string, Entry> users;
  };

  absl::StatusOr<std::shared_ptr<const Snapshot>> Load(int64_t known_version);

  pg::ConnectionPool& pool_;
  absl::Mutex reload_mu_;  // one load at a time
  mutable absl::Mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_ ABSL_GUARDED_BY(mu_) =
      std::make_shared<const Snapshot>();
};

// Calls Directory::Reload every `interval` on its own thread until
// destroyed, so a change made through another gateway replica (or by hand in
// SQL) reaches this one within about `interval`.
class DirectoryWatcher final {
 public:
  DirectoryWatcher(Directory& directory, absl::Duration interval);
  ~DirectoryWatcher();

 private:
  Directory& directory_;
  const absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_DIRECTORY_H_
