#ifndef CRM_SERVICES_GATEWAY_ORG_STORE_H_
#define CRM_SERVICES_GATEWAY_ORG_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/request/actor.h"

namespace crm::gateway {

// Who makes a change: checked against the rows it touches inside the
// transaction (org_rules.h), and written to the audit log with the call's
// x-request-id.
using Actor = request::Actor;

struct StoredOrgUnit {
  v1::OrgUnit org_unit;
  std::vector<std::string> path;  // ids from the root
};

struct StoredUser {
  v1::User user;
  std::vector<std::string> org_unit_path;  // ids from the root to the user's org unit
};

// Fields of a user to change; absent ones stay as they are.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<std::string> org_unit_id;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::string> email;
  std::optional<bool> disabled;
};

struct AuditRow {
  int64_t id = 0;  // the keyset of ListAudit
  v1::AuditEntry entry;
};

// The seller organisation in PostgreSQL (schema gateway). Every change runs
// in one transaction that locks the rows it depends on, checks the actor's
// reach on them, writes the audit entry and, with a request id, the response.
class OrgStore final {
 public:
  OrgStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log)
      : pool_(pool), request_log_(request_log) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<v1::OrgUnit> CreateOrgUnit(const Actor& actor, const std::string& parent_id,
                                            const std::string& id, const v1::OrgUnit& values);
  absl::StatusOr<StoredOrgUnit> GetOrgUnit(const std::string& id);
  // Root first, each parent before its children; `after_path` is the last
  // path of the previous page (empty: from the start); `root_id` empty: all.
  absl::StatusOr<std::vector<StoredOrgUnit>> ListOrgUnits(
      const std::string& root_id, const std::vector<std::string>& after_path, int limit);
  absl::StatusOr<v1::OrgUnit> RenameOrgUnit(const Actor& actor, const std::string& id,
                                            const std::string& display_name,
                                            std::optional<int64_t> expected_version);
  // FAILED_PRECONDITION while it has child org units or users.
  absl::Status DeleteOrgUnit(const Actor& actor, const std::string& id,
                             std::optional<int64_t> expected_version);

  absl::StatusOr<v1::User> CreateUser(const Actor& actor, const std::string& id,
                                      const v1::User& values);
  absl::StatusOr<StoredUser> GetUser(const std::string& id);
  // By id after `after_id`; only users in `root_id`'s subtree unless empty.
  absl::StatusOr<std::vector<StoredUser>> ListUsers(const std::string& root_id,
                                                    const std::string& after_id, int limit);
  // FAILED_PRECONDITION when it would leave no enabled hq_admin.
  absl::StatusOr<v1::User> UpdateUser(const Actor& actor, const std::string& id,
                                      const UserChange& change,
                                      std::optional<int64_t> expected_version);

  // Newest first, ids below `before_id` (0: from the newest); only entries
  // about `target` unless empty; only those within `root_id`'s subtree
  // unless empty.
  absl::StatusOr<std::vector<AuditRow>> ListAudit(const std::string& target,
                                                  const std::string& root_id, int64_t before_id,
                                                  int limit);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_ORG_STORE_H_
