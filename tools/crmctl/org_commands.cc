#include "tools/crmctl/org_commands.h"

#include <ostream>
#include <string>

#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/org_printer.h"
#include "tools/crmctl/org_requests.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::gateway::v1;
using Stub = OrgStub;

void PrintOrgUnits(const v1::ListOrgUnitsResponse& response, std::ostream& out) {
  PrintOrgUnitTree(response.org_units(), out);
}

int CountOrgUnits(const v1::ListOrgUnitsResponse& response) { return response.org_units_size(); }

void PrintUsers(const v1::ListUsersResponse& response, std::ostream& out) {
  PrintUserTable(response.users(), out);
}

int CountUsers(const v1::ListUsersResponse& response) { return response.users_size(); }

void PrintAudit(const v1::ListAuditEntriesResponse& response, std::ostream& out) {
  PrintAuditTable(response.entries(), out);
}

int CountAudit(const v1::ListAuditEntriesResponse& response) { return response.entries_size(); }

absl::Status RunListOrgUnits(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListOrgUnitsRequest, &Stub::ListOrgUnits,
                 CountOrgUnits, PrintOrgUnits, "org units");
}

absl::Status RunGetOrgUnit(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetOrgUnitRequest, &Stub::GetOrgUnit,
                  PrintOrgUnit);
}

absl::Status RunCreateOrgUnit(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateOrgUnitRequest, &Stub::CreateOrgUnit,
                  PrintOrgUnit);
}

absl::Status RunRenameOrgUnit(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildRenameOrgUnitRequest, &Stub::UpdateOrgUnit,
                  PrintOrgUnit);
}

// The response is empty, so the table form says what went.
absl::Status RunDeleteOrgUnit(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  absl::StatusOr<v1::DeleteOrgUnitRequest> request = BuildDeleteOrgUnitRequest(invocation);
  if (!request.ok()) return request.status();
  v1::DeleteOrgUnitResponse response;
  absl::Status status = Call(stub, &Stub::DeleteOrgUnit, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  out << "deleted " << request->name() << '\n';
  return absl::OkStatus();
}

absl::Status RunListUsers(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListUsersRequest, &Stub::ListUsers,
                 CountUsers, PrintUsers, "users");
}

absl::Status RunGetUser(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetUserRequest, &Stub::GetUser, PrintUser);
}

absl::Status RunCreateUser(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateUserRequest, &Stub::CreateUser,
                  PrintUser);
}

absl::Status RunUpdateUser(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpdateUserRequest, &Stub::UpdateUser,
                  PrintUser);
}

absl::Status RunDisableUser(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildDisableUserRequest, &Stub::UpdateUser,
                  PrintUser);
}

absl::Status RunEnableUser(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildEnableUserRequest, &Stub::UpdateUser,
                  PrintUser);
}

absl::Status RunListAuditEntries(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListAuditEntriesRequest,
                 &Stub::ListAuditEntries, CountAudit, PrintAudit, "audit entries");
}

// --page-size, --page-token, --all with the org service's page size.
std::vector<FlagSpec> OrgListFlags(std::vector<FlagSpec> flags) {
  for (FlagSpec flag : ListFlags(/*show_deleted=*/false)) {
    if (flag.name == "page-size") {
      flag.help = "items per page (server default 100, at most 1000)";
    }
    flags.push_back(std::move(flag));
  }
  return flags;
}

}  // namespace

std::vector<CommandSpec> OrgCommands() {
  const std::string org_unit_details =
      "Name an org unit by id (sub-east) or by name (orgUnits/sub-east).";
  const std::string user_details = "Name a user by id (li.si) or by name (users/li.si).";
  const FlagSpec display_name = {.name = "display-name",
                                 .value_name = "TEXT",
                                 .help =
                                     "name shown to people, e.g. 华东子公司 "
                                     "(required)"};
  const FlagSpec role = {.name = "role",
                         .value_name = "ROLE",
                         .help =
                             "hq_admin, org_admin, sales, service, viewer, "
                             "integration, legal or finance; repeat (or a,b) "
                             "for more",
                         .repeated = true};
  FlagSpec required_role = role;
  required_role.help += " (required)";
  const FlagSpec email = {.name = "email",
                          .value_name = "ADDRESS",
                          .help = "contact address; \"\" clears it on update"};
  return {
      {.path = "org units list",
       .summary = "show the org units as a tree, HQ first",
       .flags = OrgListFlags({{.name = "parent",
                               .value_name = "ORGUNIT",
                               .help = "only this org unit and its subtree"}}),
       .run = DispatchOrg<RunListOrgUnits>},
      {.path = "org units get",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "show one org unit",
       .details = org_unit_details,
       .run = DispatchOrg<RunGetOrgUnit>},
      {.path = "org units create",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "add a subsidiary or team under a parent org unit",
       .details = "ID becomes the name orgUnits/ID: 2-40 of a-z, 0-9 and -, "
                  "starting with a letter. With the global --request-id a "
                  "retry creates nothing twice.",
       .flags = {{.name = "parent",
                  .value_name = "ORGUNIT",
                  .help = "the org unit above, e.g. hq (required)"},
                 {.name = "kind",
                  .value_name = "KIND",
                  .help = OrgUnitKindChoices() + " (required)"},
                 display_name},
       .run = DispatchOrg<RunCreateOrgUnit>},
      {.path = "org units rename",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "change an org unit's display name",
       .details = org_unit_details,
       .flags = {display_name, EtagFlag()},
       .run = DispatchOrg<RunRenameOrgUnit>},
      {.path = "org units delete",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "delete an org unit that has no children and no users",
       .details = org_unit_details,
       .flags = {EtagFlag()},
       .run = DispatchOrg<RunDeleteOrgUnit>},
      {.path = "org users list",
       .summary = "list users and service accounts by name",
       .flags = OrgListFlags({{.name = "org-unit",
                               .value_name = "ORGUNIT",
                               .help = "only users of this org unit and its subtree"}}),
       .run = DispatchOrg<RunListUsers>},
      {.path = "org users get",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "show one user or service account",
       .details = user_details,
       .run = DispatchOrg<RunGetUser>},
      {.path = "org users create",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "add a person, or with --service-account a system",
       .details = "ID becomes the name users/ID and is the \"sub\" of the "
                  "user's tokens: 2-64 of a-z, 0-9, '.', '_' and -. With the "
                  "global --request-id a retry creates nothing twice.",
       .flags = {display_name,
                 {.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "the org unit the user works for; decides their "
                          "data scope (required)"},
                 required_role,
                 {.name = "service-account",
                  .help = "an ERP/OA system with its own token, not a person"},
                 email},
       .run = DispatchOrg<RunCreateUser>},
      {.path = "org users update",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "change the fields whose flags are given",
       .details = user_details + " Only the fields given change; --role replaces all roles.",
       .flags = {{.name = "display-name", .value_name = "TEXT", .help = "name shown to people"},
                 {.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "move the user to this org unit"},
                 role,
                 email,
                 EtagFlag()},
       .run = DispatchOrg<RunUpdateUser>},
      {.path = "org users disable",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "stop a user's calls (the gateway refuses them in seconds)",
       .details = user_details,
       .flags = {EtagFlag()},
       .run = DispatchOrg<RunDisableUser>},
      {.path = "org users enable",
       .args = "NAME",
       .min_args = 1,
       .max_args = 1,
       .summary = "let a disabled user call again",
       .details = user_details,
       .flags = {EtagFlag()},
       .run = DispatchOrg<RunEnableUser>},
      {.path = "org audit",
       .summary = "show who changed the organisation, newest first",
       .flags = OrgListFlags({{.name = "target",
                               .value_name = "NAME",
                               .help = "only changes of users/ID or orgUnits/ID"}}),
       .run = DispatchOrg<RunListAuditEntries>},
  };
}

}  // namespace crm::crmctl
