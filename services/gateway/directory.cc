#include "services/gateway/directory.h"

#include <utility>
#include <vector>

#include "libs/auth/roles.h"
#include "libs/log/log.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/gateway/org_rules.h"

namespace crm::gateway {
namespace {

constexpr char kVersion[] = "gateway.directory_version";
constexpr char kVersionSql[] = "SELECT version FROM gateway.directory_state";
constexpr char kOrgUnits[] = "gateway.directory_org_units";
constexpr char kOrgUnitsSql[] =
    "SELECT id, kind, array_to_string(path, ',') FROM gateway.org_units";
constexpr char kUsers[] = "gateway.directory_users";
constexpr char kUsersSql[] =
    "SELECT id, org_unit_id, array_to_string(roles, ','), disabled FROM gateway.users";

struct OrgUnitRow {
  bool headquarters = false;
  std::vector<std::string> path;     // ids, root first
  std::vector<std::string> subtree;  // names of itself and every descendant
};

}  // namespace

std::vector<pg::PreparedStatement> Directory::Statements() {
  return {{kVersion, kVersionSql}, {kOrgUnits, kOrgUnitsSql}, {kUsers, kUsersSql}};
}

int64_t Directory::version() const {
  absl::MutexLock lock(&mu_);
  return snapshot_->version;
}

absl::StatusOr<std::shared_ptr<const Directory::Snapshot>> Directory::Load(int64_t known_version) {
  std::shared_ptr<Snapshot> snapshot;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        snapshot = nullptr;
        const int64_t version = tx.exec_prepared1(kVersion)[0].as<int64_t>();
        if (version == known_version) return absl::OkStatus();
        auto loaded = std::make_shared<Snapshot>();
        loaded->version = version;
        absl::flat_hash_map<std::string, OrgUnitRow> units;
        for (const pqxx::row& row : tx.exec_prepared(kOrgUnits)) {
          OrgUnitRow& unit = units[row[0].c_str()];
          unit.headquarters = row[1].as<int>() == v1::OrgUnit::HEADQUARTERS;
          unit.path = SplitIdList(row[2].c_str());
        }
        for (const auto& [id, unit] : units) {
          for (const std::string& ancestor : unit.path) {
            if (auto found = units.find(ancestor); found != units.end()) {
              found->second.subtree.push_back(OrgUnitName(id));
            }
          }
        }
        for (const pqxx::row& row : tx.exec_prepared(kUsers)) {
          const std::string id = row[0].c_str();
          const auto unit = units.find(row[1].c_str());
          if (unit == units.end()) continue;  // the foreign key makes this impossible
          Entry& entry = loaded->users[id];
          entry.disabled = row[3].as<bool>();
          auth::v1::Principal& principal = entry.principal;
          principal.set_user(UserName(id));
          principal.set_org_unit(OrgUnitName(unit->first));
          for (const std::string& ancestor : unit->second.path) {
            principal.add_org_unit_path(OrgUnitName(ancestor));
          }
          for (std::string& role : SplitIdList(row[2].c_str()))
            principal.add_roles(std::move(role));
          // DOMAIN.md: HQ sees everything; a subsidiary's users their subtree.
          principal.set_global_scope(unit->second.headquarters ||
                                     auth::HasRole(principal, auth::kRoleHqAdmin));
          if (principal.global_scope()) {
            principal.add_scope_org_units(principal.org_unit());
          } else {
            for (const std::string& name : unit->second.subtree)
              principal.add_scope_org_units(name);
          }
        }
        snapshot = std::move(loaded);
        return absl::OkStatus();
      },
      {.operation = "gateway.directory_load"});
  if (!status.ok()) return status;
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

absl::Status Directory::Reload() {
  absl::MutexLock reload(&reload_mu_);
  absl::StatusOr<std::shared_ptr<const Snapshot>> loaded = Load(version());
  if (!loaded.ok()) return loaded.status();
  if (*loaded == nullptr) return absl::OkStatus();  // unchanged
  const int64_t users = static_cast<int64_t>((*loaded)->users.size());
  const int64_t version = (*loaded)->version;
  {
    absl::MutexLock lock(&mu_);
    snapshot_ = *std::move(loaded);
  }
  log::Info("directory loaded", {{"version", crm::StrCat(version)}, {"users", crm::StrCat(users)}});
  return absl::OkStatus();
}

absl::StatusOr<auth::v1::Principal> Directory::Resolve(std::string_view user_id) const {
  std::shared_ptr<const Snapshot> snapshot;
  {
    absl::MutexLock lock(&mu_);
    snapshot = snapshot_;
  }
  const std::string name = UserName(user_id);
  const auto found = snapshot->users.find(crm::ToAbsl(user_id));
  if (found == snapshot->users.end()) {
    return status::Error(absl::StatusCode::kUnauthenticated, "auth.crm", "USER_UNKNOWN",
                         crm::StrCat("the token's subject ", name,
                                     " is not a user of this organisation; ask an "
                                     "administrator to create it"),
                         {{"user", name}});
  }
  if (found->second.disabled) {
    return status::Error(absl::StatusCode::kUnauthenticated, "auth.crm", "USER_DISABLED",
                         crm::StrCat(name, " is disabled; ask an administrator"), {{"user", name}});
  }
  return found->second.principal;
}

DirectoryWatcher::DirectoryWatcher(Directory& directory, absl::Duration interval)
    : directory_(directory), interval_(interval) {
  thread_ = std::thread([this] {
    bool healthy = true;
    while (!stop_.WaitForNotificationWithTimeout(interval_)) {
      const absl::Status reloaded = directory_.Reload();
      // Logged when it starts failing and when it recovers, not every tick.
      if (reloaded.ok() != healthy) {
        healthy = reloaded.ok();
        if (healthy) {
          log::Info("directory reloads again");
        } else {
          log::Warn("directory reload failed; callers keep the last snapshot",
                    {{"error", std::string(reloaded.message())}});
        }
      }
    }
  });
}

DirectoryWatcher::~DirectoryWatcher() {
  stop_.Notify();
  thread_.join();
}

}  // namespace crm::gateway
