#include "services/gateway/org_store.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/gateway/org_rules.h"

namespace crm::gateway {
namespace {

using google::protobuf::util::TimeUtil;

#define ORG_UNIT_COLUMNS                                                                    \
  "o.id, coalesce(o.parent_id, ''), o.kind, o.display_name, array_to_string(o.path, ','), " \
  "o.version, (extract(epoch FROM o.create_time) * 1000000)::bigint, "                      \
  "(extract(epoch FROM o.update_time) * 1000000)::bigint"
#define USER_COLUMNS                                                                      \
  "u.id, u.type, u.display_name, u.org_unit_id, array_to_string(u.roles, ','), u.email, " \
  "u.disabled, u.version, (extract(epoch FROM u.create_time) * 1000000)::bigint, "        \
  "(extract(epoch FROM u.update_time) * 1000000)::bigint, array_to_string(o.path, ',')"

constexpr char kGetOrgUnit[] = "gateway.get_org_unit";
constexpr char kGetOrgUnitSql[] =
    "SELECT " ORG_UNIT_COLUMNS " FROM gateway.org_units o WHERE o.id = $1";
constexpr char kLockOrgUnit[] = "gateway.lock_org_unit";
constexpr char kLockOrgUnitSql[] =
    "SELECT " ORG_UNIT_COLUMNS " FROM gateway.org_units o WHERE o.id = $1 FOR UPDATE";
constexpr char kListOrgUnits[] = "gateway.list_org_units";
constexpr char kListOrgUnitsSql[] =
    "SELECT " ORG_UNIT_COLUMNS
    " FROM gateway.org_units o"
    " WHERE ($1 = '' OR $1 = ANY(o.path)) AND o.path > $2::text[] ORDER BY o.path LIMIT $3";
constexpr char kInsertOrgUnit[] = "gateway.insert_org_unit";
constexpr char kInsertOrgUnitSql[] =
    "INSERT INTO gateway.org_units AS o (id, parent_id, kind, display_name, path)"
    " VALUES ($1, $2, $3, $4, $5::text[]) RETURNING " ORG_UNIT_COLUMNS;
constexpr char kRenameOrgUnit[] = "gateway.rename_org_unit";
constexpr char kRenameOrgUnitSql[] =
    "UPDATE gateway.org_units AS o SET display_name = $2, version = version + 1,"
    " update_time = now() WHERE o.id = $1 RETURNING " ORG_UNIT_COLUMNS;
constexpr char kOrgUnitMembers[] = "gateway.org_unit_members";
constexpr char kOrgUnitMembersSql[] =
    "SELECT (SELECT count(*) FROM gateway.org_units WHERE parent_id = $1),"
    " (SELECT count(*) FROM gateway.users WHERE org_unit_id = $1)";
constexpr char kDeleteOrgUnit[] = "gateway.delete_org_unit";
constexpr char kDeleteOrgUnitSql[] = "DELETE FROM gateway.org_units WHERE id = $1";

constexpr char kGetUser[] = "gateway.get_user";
constexpr char kGetUserSql[] =
    "SELECT " USER_COLUMNS
    " FROM gateway.users u JOIN gateway.org_units o ON o.id = u.org_unit_id"
    " WHERE u.id = $1";
constexpr char kLockUser[] = "gateway.lock_user";
constexpr char kLockUserSql[] =
    "SELECT " USER_COLUMNS
    " FROM gateway.users u JOIN gateway.org_units o ON o.id = u.org_unit_id"
    " WHERE u.id = $1 FOR UPDATE OF u";
constexpr char kListUsers[] = "gateway.list_users";
constexpr char kListUsersSql[] =
    "SELECT " USER_COLUMNS
    " FROM gateway.users u JOIN gateway.org_units o ON o.id = u.org_unit_id"
    " WHERE ($1 = '' OR $1 = ANY(o.path)) AND u.id > $2 ORDER BY u.id LIMIT $3";
constexpr char kInsertUser[] = "gateway.insert_user";
constexpr char kInsertUserSql[] =
    "INSERT INTO gateway.users (id, type, display_name, org_unit_id, roles, email, disabled)"
    " VALUES ($1, $2, $3, $4, $5::text[], $6, $7)";
constexpr char kUpdateUser[] = "gateway.update_user";
constexpr char kUpdateUserSql[] =
    "UPDATE gateway.users SET display_name = $2, org_unit_id = $3, roles = $4::text[],"
    " email = $5, disabled = $6, version = version + 1, update_time = now() WHERE id = $1";
constexpr char kEnabledHqAdmins[] = "gateway.enabled_hq_admins";
constexpr char kEnabledHqAdminsSql[] =
    "SELECT count(*) FROM gateway.users WHERE 'hq_admin' = ANY(roles) AND NOT disabled";

constexpr char kInsertAudit[] = "gateway.insert_audit";
constexpr char kInsertAuditSql[] =
    "INSERT INTO gateway.audit_log"
    " (actor, action, target, target_path, request_id, before_json, after_json)"
    " VALUES ($1, $2, $3, $4::text[], $5, $6, $7)";
constexpr char kListAudit[] = "gateway.list_audit";
constexpr char kListAuditSql[] =
    "SELECT id, actor, action, target, request_id, before_json, after_json,"
    " (extract(epoch FROM time) * 1000000)::bigint FROM gateway.audit_log"
    " WHERE ($1 = '' OR target = $1) AND ($2 = '' OR $2 = ANY(target_path))"
    " AND ($3::bigint = 0 OR id < $3::bigint) ORDER BY id DESC LIMIT $4";

StoredOrgUnit OrgUnitFromRow(const pqxx::row& row) {
  StoredOrgUnit stored;
  v1::OrgUnit& unit = stored.org_unit;
  unit.set_name(OrgUnitName(row[0].c_str()));
  if (const std::string parent = row[1].c_str(); !parent.empty()) {
    unit.set_parent(OrgUnitName(parent));
  }
  unit.set_kind(static_cast<v1::OrgUnit::Kind>(row[2].as<int>()));
  unit.set_display_name(row[3].c_str());
  stored.path = SplitIdList(row[4].c_str());
  for (const std::string& id : stored.path) unit.add_path(OrgUnitName(id));
  unit.set_etag(EtagOf(row[5].as<int64_t>()));
  *unit.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  *unit.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  return stored;
}

StoredUser UserFromRow(const pqxx::row& row) {
  StoredUser stored;
  v1::User& user = stored.user;
  user.set_name(UserName(row[0].c_str()));
  user.set_type(static_cast<v1::User::Type>(row[1].as<int>()));
  user.set_display_name(row[2].c_str());
  user.set_org_unit(OrgUnitName(row[3].c_str()));
  for (std::string& role : SplitIdList(row[4].c_str())) user.add_roles(std::move(role));
  user.set_email(row[5].c_str());
  user.set_disabled(row[6].as<bool>());
  user.set_etag(EtagOf(row[7].as<int64_t>()));
  *user.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  *user.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  stored.org_unit_path = SplitIdList(row[10].c_str());
  return stored;
}

std::vector<std::string> RolesOf(const v1::User& user) {
  return {user.roles().begin(), user.roles().end()};
}

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

void Audit(pqxx::work& tx, const Actor& actor, const std::string& target,
           const std::vector<std::string>& target_path, const std::string& before_json,
           const std::string& after_json) {
  tx.exec_prepared0(kInsertAudit, actor.principal.user(), actor.method, target,
                    auth::TextArrayLiteral(target_path), actor.request_id, before_json, after_json);
}

absl::Status OrgUnitNotFound(const std::string& id) {
  const std::string name = OrgUnitName(id);
  return status::Error(absl::StatusCode::kNotFound, kOrgDomain, "ORG_UNIT_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"orgUnit", name}});
}

absl::Status UserNotFound(const std::string& id) {
  const std::string name = UserName(id);
  return status::Error(absl::StatusCode::kNotFound, kOrgDomain, "USER_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"user", name}});
}

absl::Status AlreadyExists(std::string_view reason, const std::string& name) {
  return status::Error(absl::StatusCode::kAlreadyExists, kOrgDomain, reason,
                       crm::StrCat(name, " already exists"), {{"name", name}});
}

absl::StatusOr<StoredOrgUnit> LockOrgUnit(pqxx::work& tx, const std::string& id) {
  const pqxx::result rows = tx.exec_prepared(kLockOrgUnit, id);
  if (rows.empty()) return OrgUnitNotFound(id);
  return OrgUnitFromRow(rows[0]);
}

absl::Status CheckVersion(const std::string& name, const std::string& etag,
                          std::optional<int64_t> expected_version) {
  const int64_t current = ParseEtag(etag).value_or(0);
  if (expected_version.has_value() && *expected_version != current) {
    return EtagMismatch(kOrgDomain, name, *expected_version, current);
  }
  return absl::OkStatus();
}

// Checked before the insert so the caller reads ALREADY_EXISTS naming the
// org unit; two racing creates still meet the primary key.
bool OrgUnitExists(pqxx::work& tx, const std::string& id) {
  return !tx.exec_prepared(kGetOrgUnit, id).empty();
}

}  // namespace

std::vector<pg::PreparedStatement> OrgStore::Statements() {
  return {{kGetOrgUnit, kGetOrgUnitSql},
          {kLockOrgUnit, kLockOrgUnitSql},
          {kListOrgUnits, kListOrgUnitsSql},
          {kInsertOrgUnit, kInsertOrgUnitSql},
          {kRenameOrgUnit, kRenameOrgUnitSql},
          {kOrgUnitMembers, kOrgUnitMembersSql},
          {kDeleteOrgUnit, kDeleteOrgUnitSql},
          {kGetUser, kGetUserSql},
          {kLockUser, kLockUserSql},
          {kListUsers, kListUsersSql},
          {kInsertUser, kInsertUserSql},
          {kUpdateUser, kUpdateUserSql},
          {kEnabledHqAdmins, kEnabledHqAdminsSql},
          {kInsertAudit, kInsertAuditSql},
          {kListAudit, kListAuditSql}};
}

absl::StatusOr<v1::OrgUnit> OrgStore::CreateOrgUnit(const Actor& actor,
                                                    const std::string& parent_id,
                                                    const std::string& id,
                                                    const v1::OrgUnit& values) {
  return idempotency::RunIdempotent<v1::OrgUnit>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<v1::OrgUnit> {
        absl::StatusOr<StoredOrgUnit> parent = LockOrgUnit(tx, parent_id);
        if (!parent.ok()) return parent.status();
        const std::string name = OrgUnitName(id);
        if (absl::Status s = RequireReach(actor.principal, name, parent->path); !s.ok()) return s;
        if (std::optional<std::string> error =
                ChildKindError(parent->org_unit.kind(), values.kind())) {
          const std::string description = crm::StrCat("org_unit.kind: ", *error);
          status::FieldViolations violations;
          violations.Add("org_unit.kind", description);
          return violations.ToStatus(kOrgDomain, description);
        }
        if (OrgUnitExists(tx, id)) return AlreadyExists("ORG_UNIT_EXISTS", name);
        std::vector<std::string> path = parent->path;
        path.push_back(id);
        StoredOrgUnit created = OrgUnitFromRow(
            tx.exec_prepared1(kInsertOrgUnit, id, parent_id, static_cast<int>(values.kind()),
                              values.display_name(), auth::TextArrayLiteral(path)));
        Audit(tx, actor, name, path, "", Json(created.org_unit));
        return created.org_unit;
      });
}

absl::StatusOr<StoredOrgUnit> OrgStore::GetOrgUnit(const std::string& id) {
  std::optional<StoredOrgUnit> found;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(kGetOrgUnit, id);
        if (!rows.empty()) found = OrgUnitFromRow(rows[0]);
        return absl::OkStatus();
      },
      "gateway.get_org_unit");
  if (!status.ok()) return status;
  if (!found.has_value()) return OrgUnitNotFound(id);
  return *std::move(found);
}

absl::StatusOr<std::vector<StoredOrgUnit>> OrgStore::ListOrgUnits(
    const std::string& root_id, const std::vector<std::string>& after_path, int limit) {
  std::vector<StoredOrgUnit> units;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        for (const pqxx::row& row :
             tx.exec_prepared(kListOrgUnits, root_id, auth::TextArrayLiteral(after_path), limit)) {
          units.push_back(OrgUnitFromRow(row));
        }
        return absl::OkStatus();
      },
      "gateway.list_org_units");
  if (!status.ok()) return status;
  return units;
}

absl::StatusOr<v1::OrgUnit> OrgStore::RenameOrgUnit(const Actor& actor, const std::string& id,
                                                    const std::string& display_name,
                                                    std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::OrgUnit>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<v1::OrgUnit> {
        absl::StatusOr<StoredOrgUnit> current = LockOrgUnit(tx, id);
        if (!current.ok()) return current.status();
        const std::string& name = current->org_unit.name();
        if (absl::Status s = RequireReach(actor.principal, name, current->path); !s.ok()) return s;
        if (absl::Status s = CheckVersion(name, current->org_unit.etag(), expected_version);
            !s.ok()) {
          return s;
        }
        StoredOrgUnit renamed = OrgUnitFromRow(tx.exec_prepared1(kRenameOrgUnit, id, display_name));
        Audit(tx, actor, name, current->path, Json(current->org_unit), Json(renamed.org_unit));
        return renamed.org_unit;
      });
}

absl::Status OrgStore::DeleteOrgUnit(const Actor& actor, const std::string& id,
                                     std::optional<int64_t> expected_version) {
  using Deleted = v1::DeleteOrgUnitResponse;
  absl::StatusOr<Deleted> deleted = idempotency::RunIdempotent<Deleted>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<Deleted> {
        absl::StatusOr<StoredOrgUnit> current = LockOrgUnit(tx, id);
        if (!current.ok()) return current.status();
        const std::string& name = current->org_unit.name();
        if (absl::Status s = RequireReach(actor.principal, name, current->path); !s.ok()) return s;
        if (absl::Status s = CheckVersion(name, current->org_unit.etag(), expected_version);
            !s.ok()) {
          return s;
        }
        const pqxx::row members = tx.exec_prepared1(kOrgUnitMembers, id);
        const int64_t children = members[0].as<int64_t>();
        const int64_t users = members[1].as<int64_t>();
        if (current->org_unit.kind() == v1::OrgUnit::HEADQUARTERS || children > 0 || users > 0) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kOrgDomain, "ORG_UNIT_NOT_EMPTY",
              current->org_unit.kind() == v1::OrgUnit::HEADQUARTERS
                  ? crm::StrCat(name, " is the root of the organisation and cannot be deleted")
                  : crm::StrCat(name, " still has ", children, " child org unit(s) and ", users,
                                " user(s); move or delete them first"),
              {{"orgUnit", name},
               {"childOrgUnits", crm::StrCat(children)},
               {"users", crm::StrCat(users)}});
        }
        tx.exec_prepared0(kDeleteOrgUnit, id);
        Audit(tx, actor, name, current->path, Json(current->org_unit), "");
        return Deleted();
      });
  return deleted.status();
}

absl::StatusOr<v1::User> OrgStore::CreateUser(const Actor& actor, const std::string& id,
                                              const v1::User& values) {
  return idempotency::RunIdempotent<v1::User>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
        const std::optional<std::string> org_unit_id = ParseOrgUnitName(values.org_unit());
        absl::StatusOr<StoredOrgUnit> org_unit = LockOrgUnit(tx, org_unit_id.value_or(""));
        if (!org_unit.ok()) return org_unit.status();
        const std::string name = UserName(id);
        if (absl::Status s = RequireReach(actor.principal, name, org_unit->path); !s.ok()) return s;
        if (absl::Status s = RequireGrantable(actor.principal, RolesOf(values)); !s.ok()) return s;
        if (!tx.exec_prepared(kGetUser, id).empty()) return AlreadyExists("USER_EXISTS", name);
        const v1::User::Type type = values.type() == v1::User::SERVICE_ACCOUNT
                                        ? v1::User::SERVICE_ACCOUNT
                                        : v1::User::HUMAN;
        tx.exec_prepared0(kInsertUser, id, static_cast<int>(type), values.display_name(),
                          *org_unit_id, auth::TextArrayLiteral(RolesOf(values)), values.email(),
                          values.disabled());
        StoredUser created = UserFromRow(tx.exec_prepared1(kGetUser, id));
        Audit(tx, actor, name, org_unit->path, "", Json(created.user));
        return created.user;
      });
}

absl::StatusOr<StoredUser> OrgStore::GetUser(const std::string& id) {
  std::optional<StoredUser> found;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(kGetUser, id);
        if (!rows.empty()) found = UserFromRow(rows[0]);
        return absl::OkStatus();
      },
      "gateway.get_user");
  if (!status.ok()) return status;
  if (!found.has_value()) return UserNotFound(id);
  return *std::move(found);
}

absl::StatusOr<std::vector<StoredUser>> OrgStore::ListUsers(const std::string& root_id,
                                                            const std::string& after_id,
                                                            int limit) {
  std::vector<StoredUser> users;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        for (const pqxx::row& row : tx.exec_prepared(kListUsers, root_id, after_id, limit)) {
          users.push_back(UserFromRow(row));
        }
        return absl::OkStatus();
      },
      "gateway.list_users");
  if (!status.ok()) return status;
  return users;
}

absl::StatusOr<v1::User> OrgStore::UpdateUser(const Actor& actor, const std::string& id,
                                              const UserChange& change,
                                              std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::User>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<v1::User> {
        const pqxx::result rows = tx.exec_prepared(kLockUser, id);
        if (rows.empty()) return UserNotFound(id);
        const StoredUser current = UserFromRow(rows[0]);
        const std::string& name = current.user.name();
        if (absl::Status s = RequireReach(actor.principal, name, current.org_unit_path); !s.ok()) {
          return s;
        }
        if (absl::Status s = RequireGrantable(actor.principal, RolesOf(current.user)); !s.ok()) {
          return s;
        }
        if (absl::Status s = CheckVersion(name, current.user.etag(), expected_version); !s.ok()) {
          return s;
        }
        std::string org_unit_id = *ParseOrgUnitName(current.user.org_unit());
        std::vector<std::string> path = current.org_unit_path;
        if (change.org_unit_id.has_value() && *change.org_unit_id != org_unit_id) {
          absl::StatusOr<StoredOrgUnit> moved_to = LockOrgUnit(tx, *change.org_unit_id);
          if (!moved_to.ok()) return moved_to.status();
          if (absl::Status s =
                  RequireReach(actor.principal, moved_to->org_unit.name(), moved_to->path);
              !s.ok()) {
            return s;
          }
          org_unit_id = *change.org_unit_id;
          path = moved_to->path;
        }
        const std::vector<std::string> roles = change.roles.value_or(RolesOf(current.user));
        if (absl::Status s = RequireGrantable(actor.principal, roles); !s.ok()) return s;
        tx.exec_prepared0(
            kUpdateUser, id, change.display_name.value_or(current.user.display_name()), org_unit_id,
            auth::TextArrayLiteral(roles), change.email.value_or(current.user.email()),
            change.disabled.value_or(current.user.disabled()));
        if (tx.exec_prepared1(kEnabledHqAdmins)[0].as<int64_t>() == 0) {
          return status::Error(absl::StatusCode::kFailedPrecondition, kOrgDomain, "LAST_HQ_ADMIN",
                               crm::StrCat(name,
                                           " is the last enabled hq_admin; make another "
                                           "user hq_admin first"),
                               {{"user", name}});
        }
        StoredUser updated = UserFromRow(tx.exec_prepared1(kGetUser, id));
        Audit(tx, actor, name, path, Json(current.user), Json(updated.user));
        return updated.user;
      });
}

absl::StatusOr<std::vector<AuditRow>> OrgStore::ListAudit(const std::string& target,
                                                          const std::string& root_id,
                                                          int64_t before_id, int limit) {
  std::vector<AuditRow> entries;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        for (const pqxx::row& row :
             tx.exec_prepared(kListAudit, target, root_id, before_id, limit)) {
          AuditRow& out = entries.emplace_back();
          out.id = row[0].as<int64_t>();
          out.entry.set_actor(row[1].c_str());
          out.entry.set_action(row[2].c_str());
          out.entry.set_target(row[3].c_str());
          out.entry.set_request_id(row[4].c_str());
          out.entry.set_before_json(row[5].c_str());
          out.entry.set_after_json(row[6].c_str());
          *out.entry.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
        }
        return absl::OkStatus();
      },
      "gateway.list_audit");
  if (!status.ok()) return status;
  return entries;
}

}  // namespace crm::gateway
