#include "tools/crmctl/org_requests.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::gateway::v1;

// "--a", "--a and --b", "--a, --b and --c".
std::string JoinFlags(const std::vector<std::string>& flags) {
  if (flags.size() <= 1) return absl::StrJoin(flags, "");
  const std::vector<std::string> head(flags.begin(), flags.end() - 1);
  return crm::StrCat(absl::StrJoin(head, ", "), " and ", flags.back());
}

// The flags of `names` that are missing or empty, as "--name".
std::vector<std::string> MissingFlags(const FlagValues& flags,
                                      std::initializer_list<std::string_view> names) {
  std::vector<std::string> missing;
  for (std::string_view name : names) {
    if (flags.Get(name).value_or("").empty()) {
      missing.push_back(crm::StrCat("--", std::string(name)));
    }
  }
  return missing;
}

// One usage error naming every missing flag; OK when none is.
absl::Status RequiredError(const std::vector<std::string>& missing) {
  if (missing.empty()) return absl::OkStatus();
  return UsageError(
      crm::StrCat(JoinFlags(missing), missing.size() == 1 ? " is required" : " are required"));
}

// Every --role, each of which may also be a comma-separated list.
std::vector<std::string> Roles(const FlagValues& flags) {
  std::vector<std::string> roles;
  for (const std::string& value : flags.GetAll("role")) {
    for (absl::string_view role : absl::StrSplit(value, ',')) {
      role = absl::StripAsciiWhitespace(role);
      if (!role.empty()) roles.emplace_back(role);
    }
  }
  return roles;
}

template <typename Request>
absl::Status SetPaging(const FlagValues& flags, Request* request) {
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(flags, &page_size);
  if (!status.ok()) return status;
  request->set_page_size(page_size);
  request->set_page_token(flags.Get("page-token").value_or(""));
  return absl::OkStatus();
}

// The last part of the name a new resource gets: "team-a" also from
// "orgUnits/team-a".
absl::StatusOr<std::string> NewId(absl::StatusOr<std::string> (*checked_name)(std::string_view),
                                  std::string_view argument) {
  absl::StatusOr<std::string> name = checked_name(argument);
  if (!name.ok()) return name.status();
  return LastSegment(*name);
}

// UpdateUser for `org users disable|enable NAME [--etag]`.
absl::StatusOr<v1::UpdateUserRequest> SetDisabled(const Invocation& invocation, bool disabled) {
  absl::StatusOr<std::string> name = CheckedUserName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::UpdateUserRequest request;
  request.mutable_user()->set_name(*name);
  request.mutable_user()->set_disabled(disabled);
  request.mutable_user()->set_etag(invocation.flags.Get("etag").value_or(""));
  request.mutable_update_mask()->add_paths("disabled");
  return request;
}

}  // namespace

absl::StatusOr<v1::GetCurrentUserRequest> BuildGetCurrentUserRequest(const Invocation&) {
  return v1::GetCurrentUserRequest();
}

absl::StatusOr<v1::ListOrgUnitsRequest> BuildListOrgUnitsRequest(const Invocation& invocation) {
  v1::ListOrgUnitsRequest request;
  if (const auto parent = invocation.flags.Get("parent"); parent.has_value()) {
    absl::StatusOr<std::string> name = CheckedOrgUnitName(*parent);
    if (!name.ok()) return name.status();
    request.set_parent(*name);
  }
  absl::Status status = SetPaging(invocation.flags, &request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::GetOrgUnitRequest> BuildGetOrgUnitRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedOrgUnitName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::GetOrgUnitRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::CreateOrgUnitRequest> BuildCreateOrgUnitRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> id = NewId(CheckedOrgUnitName, invocation.args.at(0));
  if (!id.ok()) return id.status();
  const FlagValues& flags = invocation.flags;
  absl::Status status = RequiredError(MissingFlags(flags, {"parent", "kind", "display-name"}));
  if (!status.ok()) return status;
  absl::StatusOr<std::string> parent = CheckedOrgUnitName(*flags.Get("parent"));
  if (!parent.ok()) return parent.status();
  absl::StatusOr<v1::OrgUnit::Kind> kind = ParseOrgUnitKind(*flags.Get("kind"));
  if (!kind.ok()) return kind.status();

  v1::CreateOrgUnitRequest request;
  request.set_org_unit_id(*id);
  v1::OrgUnit* org_unit = request.mutable_org_unit();
  org_unit->set_parent(*parent);
  org_unit->set_kind(*kind);
  org_unit->set_display_name(*flags.Get("display-name"));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::UpdateOrgUnitRequest> BuildRenameOrgUnitRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedOrgUnitName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  absl::Status status = RequiredError(MissingFlags(invocation.flags, {"display-name"}));
  if (!status.ok()) return status;
  v1::UpdateOrgUnitRequest request;
  v1::OrgUnit* org_unit = request.mutable_org_unit();
  org_unit->set_name(*name);
  org_unit->set_display_name(*invocation.flags.Get("display-name"));
  org_unit->set_etag(invocation.flags.Get("etag").value_or(""));
  request.mutable_update_mask()->add_paths("display_name");
  return request;
}

absl::StatusOr<v1::DeleteOrgUnitRequest> BuildDeleteOrgUnitRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedOrgUnitName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::DeleteOrgUnitRequest request;
  request.set_name(*name);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  return request;
}

absl::StatusOr<v1::ListUsersRequest> BuildListUsersRequest(const Invocation& invocation) {
  v1::ListUsersRequest request;
  if (const auto org_unit = invocation.flags.Get("org-unit"); org_unit.has_value()) {
    absl::StatusOr<std::string> name = CheckedOrgUnitName(*org_unit);
    if (!name.ok()) return name.status();
    request.set_org_unit(*name);
  }
  absl::Status status = SetPaging(invocation.flags, &request);
  if (!status.ok()) return status;
  return request;
}

absl::StatusOr<v1::GetUserRequest> BuildGetUserRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedUserName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::GetUserRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::CreateUserRequest> BuildCreateUserRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> id = NewId(CheckedUserName, invocation.args.at(0));
  if (!id.ok()) return id.status();
  const FlagValues& flags = invocation.flags;
  const std::vector<std::string> roles = Roles(flags);
  std::vector<std::string> missing = MissingFlags(flags, {"display-name", "org-unit"});
  if (roles.empty()) missing.push_back("--role");
  absl::Status status = RequiredError(missing);
  if (!status.ok()) return status;
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("org-unit"));
  if (!org_unit.ok()) return org_unit.status();

  v1::CreateUserRequest request;
  request.set_user_id(*id);
  v1::User* user = request.mutable_user();
  user->set_display_name(*flags.Get("display-name"));
  user->set_type(flags.IsOn("service-account") ? v1::User::SERVICE_ACCOUNT : v1::User::HUMAN);
  user->set_org_unit(*org_unit);
  for (const std::string& role : roles) user->add_roles(role);
  user->set_email(flags.Get("email").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::UpdateUserRequest> BuildUpdateUserRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedUserName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  v1::UpdateUserRequest request;
  v1::User* user = request.mutable_user();
  google::protobuf::FieldMask* mask = request.mutable_update_mask();
  if (const auto display_name = flags.Get("display-name"); display_name.has_value()) {
    user->set_display_name(*display_name);
    mask->add_paths("display_name");
  }
  if (const auto org_unit = flags.Get("org-unit"); org_unit.has_value()) {
    absl::StatusOr<std::string> org_unit_name = CheckedOrgUnitName(*org_unit);
    if (!org_unit_name.ok()) return org_unit_name.status();
    user->set_org_unit(*org_unit_name);
    mask->add_paths("org_unit");
  }
  if (flags.Has("role")) {
    const std::vector<std::string> roles = Roles(flags);
    if (roles.empty()) {
      return UsageError("--role names no role; a user needs at least one");
    }
    for (const std::string& role : roles) user->add_roles(role);
    mask->add_paths("roles");
  }
  if (const auto email = flags.Get("email"); email.has_value()) {
    user->set_email(*email);
    mask->add_paths("email");
  }
  if (mask->paths().empty()) {
    return UsageError(
        "nothing to update; give one or more of --display-name, --org-unit, "
        "--role, --email");
  }
  user->set_name(*name);
  user->set_etag(flags.Get("etag").value_or(""));
  return request;
}

absl::StatusOr<v1::UpdateUserRequest> BuildDisableUserRequest(const Invocation& invocation) {
  return SetDisabled(invocation, true);
}

absl::StatusOr<v1::UpdateUserRequest> BuildEnableUserRequest(const Invocation& invocation) {
  return SetDisabled(invocation, false);
}

absl::StatusOr<v1::ListAuditEntriesRequest> BuildListAuditEntriesRequest(
    const Invocation& invocation) {
  v1::ListAuditEntriesRequest request;
  if (const auto target = invocation.flags.Get("target"); target.has_value()) {
    // An id alone could be a user's or an org unit's.
    absl::StatusOr<std::string> name = UsageError(
        crm::StrCat("--target: \"", *target, "\" is not users/{user} or orgUnits/{org_unit}"));
    if (target->starts_with("users/")) {
      name = CheckedUserName(*target);
    } else if (target->starts_with("orgUnits/")) {
      name = CheckedOrgUnitName(*target);
    }
    if (!name.ok()) return name.status();
    request.set_target(*name);
  }
  absl::Status status = SetPaging(invocation.flags, &request);
  if (!status.ok()) return status;
  return request;
}

}  // namespace crm::crmctl
