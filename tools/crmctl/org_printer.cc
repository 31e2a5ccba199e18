#include "tools/crmctl/org_printer.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::gateway::v1;

constexpr char kOrgUnitPrefix[] = "orgUnits/";
constexpr char kUserPrefix[] = "users/";

std::string JoinPath(const google::protobuf::RepeatedPtrField<std::string>& path) {
  return absl::StrJoin(path, " > ");
}

}  // namespace

void PrintCurrentUser(const v1::CurrentUser& user, std::ostream& out) {
  RecordPrinter record;
  record.Add("user", user.user());
  record.Add("org_unit", user.org_unit());
  record.Add("org_unit_path", JoinPath(user.org_unit_path()));
  record.Add("roles", absl::StrJoin(user.roles(), ", "));
  if (user.global_scope()) {
    record.Add("scope", "all customers (HQ)");
  } else if (user.scope_org_units().empty()) {
    record.Add("scope", "none");
  } else {
    record.AddList("scope", {user.scope_org_units().begin(), user.scope_org_units().end()});
  }
  record.Print(out);
}

void PrintOrgUnit(const v1::OrgUnit& org_unit, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", org_unit.name());
  record.Add("display_name", org_unit.display_name());
  record.Add("kind", OrgUnitKindName(org_unit.kind()));
  record.Add("parent", org_unit.parent());
  record.Add("path", JoinPath(org_unit.path()));
  record.Add("create_time", FormatTimestamp(org_unit.create_time()));
  record.Add("update_time", FormatTimestamp(org_unit.update_time()));
  record.Add("etag", org_unit.etag());
  record.Print(out);
}

void PrintUser(const v1::User& user, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", user.name());
  record.Add("display_name", user.display_name());
  record.Add("type", UserTypeName(user.type()));
  record.Add("org_unit", user.org_unit());
  record.Add("roles", absl::StrJoin(user.roles(), ", "));
  record.Add("email", user.email());
  record.Add("disabled", user.disabled() ? "yes" : "no");
  record.Add("create_time", FormatTimestamp(user.create_time()));
  record.Add("update_time", FormatTimestamp(user.update_time()));
  record.Add("etag", user.etag());
  record.Print(out);
}

void PrintOrgUnitTree(const google::protobuf::RepeatedPtrField<v1::OrgUnit>& org_units,
                      std::ostream& out) {
  // The listed root is the shallowest unit: HQ, --parent, or on a later page
  // whatever level it starts at.
  int root_depth = 0;
  for (const v1::OrgUnit& org_unit : org_units) {
    const int depth = org_unit.path_size();
    if (depth > 0 && (root_depth == 0 || depth < root_depth)) {
      root_depth = depth;
    }
  }
  TablePrinter table({"NAME", "DISPLAY_NAME", "KIND"});
  for (const v1::OrgUnit& org_unit : org_units) {
    const int level = std::max(0, org_unit.path_size() - root_depth);
    table.AddRow({std::string(2 * level, ' ') + WithoutPrefix(org_unit.name(), kOrgUnitPrefix),
                  org_unit.display_name(), OrgUnitKindName(org_unit.kind())});
  }
  table.Print(out);
}

void PrintUserTable(const google::protobuf::RepeatedPtrField<v1::User>& users, std::ostream& out) {
  TablePrinter table({"NAME", "DISPLAY_NAME", "TYPE", "ORG_UNIT", "ROLES", "DISABLED"});
  for (const v1::User& user : users) {
    table.AddRow({WithoutPrefix(user.name(), kUserPrefix), user.display_name(),
                  UserTypeName(user.type()), WithoutPrefix(user.org_unit(), kOrgUnitPrefix),
                  absl::StrJoin(user.roles(), ","), user.disabled() ? "yes" : "no"});
  }
  table.Print(out);
}

void PrintAuditTable(const google::protobuf::RepeatedPtrField<v1::AuditEntry>& entries,
                     std::ostream& out) {
  TablePrinter table({"TIME", "ACTOR", "ACTION", "TARGET", "REQUEST_ID"});
  for (const v1::AuditEntry& entry : entries) {
    // The target keeps its prefix: it may be a user or an org unit.
    table.AddRow({FormatTimestamp(entry.time()), WithoutPrefix(entry.actor(), kUserPrefix),
                  entry.action(), entry.target(), entry.request_id()});
  }
  table.Print(out);
}

}  // namespace crm::crmctl
