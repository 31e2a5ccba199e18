#include "services/gateway/org_service.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/auth/roles.h"
#include "libs/etag/etag.h"
#include "libs/log/log.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "services/gateway/org_rules.h"

namespace crm::gateway {
namespace {

void Check(const std::string& field, std::optional<std::string> error,
           status::FieldViolations& violations) {
  if (error.has_value()) violations.Add(field, crm::StrCat(field, ": ", *error));
}

std::vector<std::string> Roles(const v1::User& user) {
  return {user.roles().begin(), user.roles().end()};
}

bool IsHqAdmin(const auth::v1::Principal& principal) {
  return auth::HasRole(principal, auth::kRoleHqAdmin);
}

// The org unit whose subtree an org admin's lists are confined to; "" for
// an HQ administrator (everything).
std::string ListRoot(const auth::v1::Principal& principal) {
  return IsHqAdmin(principal) ? "" : ParseOrgUnitName(principal.org_unit()).value_or("-");
}

// A list's root: `requested` (checked to be within reach) or the caller's own.
absl::StatusOr<std::string> ResolveListRoot(OrgStore& store, const auth::v1::Principal& principal,
                                            const std::string& requested_id) {
  if (requested_id.empty()) return ListRoot(principal);
  absl::StatusOr<StoredOrgUnit> root = store.GetOrgUnit(requested_id);
  if (!root.ok()) return root.status();
  if (absl::Status s = RequireReach(principal, root->org_unit.name(), root->path); !s.ok()) {
    return s;
  }
  return requested_id;
}

}  // namespace

void OrgService::Changed() {
  if (absl::Status s = directory_.Reload(); !s.ok()) {
    // The watcher retries; the change itself has committed.
    log::Warn("directory reload after a change failed", {{"error", std::string(s.message())}});
  }
}

OrgService::Reactor* OrgService::GetCurrentUser(Context* context,
                                                const v1::GetCurrentUserRequest* request,
                                                v1::CurrentUser* response) {
  return request::Serve(context, verifier_, "GetCurrentUser", *request,
                        [&](const Actor& actor, status::FieldViolations&) {
                          const auth::v1::Principal& principal = actor.principal;
                          response->set_user(principal.user());
                          response->set_org_unit(principal.org_unit());
                          *response->mutable_org_unit_path() = principal.org_unit_path();
                          *response->mutable_roles() = principal.roles();
                          response->set_global_scope(principal.global_scope());
                          *response->mutable_scope_org_units() = principal.scope_org_units();
                          return absl::OkStatus();
                        });
}

OrgService::Reactor* OrgService::CreateOrgUnit(Context* context,
                                               const v1::CreateOrgUnitRequest* request,
                                               v1::OrgUnit* response) {
  return request::Serve(
      context, verifier_, "CreateOrgUnit", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const v1::OrgUnit& values = request->org_unit();
        Check("org_unit_id", OrgUnitIdError(request->org_unit_id()), violations);
        const std::string parent =
            names::OrgUnitIdOr(values.parent(), "org_unit.parent", violations);
        Check("org_unit.display_name", DisplayNameError(values.display_name()), violations);
        validation::CheckEnumIn<v1::OrgUnit::Kind>(
            values.kind(), {v1::OrgUnit::SUBSIDIARY, v1::OrgUnit::TEAM}, "org_unit.kind",
            validation::Presence::kRequired, violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<v1::OrgUnit> created =
            store_.CreateOrgUnit(actor, parent, request->org_unit_id(), values);
        if (!created.ok()) return created.status();
        *response = *std::move(created);
        Changed();
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::GetOrgUnit(Context* context, const v1::GetOrgUnitRequest* request,
                                            v1::OrgUnit* response) {
  return request::Serve(context, verifier_, "GetOrgUnit", *request,
                        [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
                          const std::string id =
                              names::OrgUnitIdOr(request->name(), "name", violations);
                          if (!violations.empty()) return violations.ToStatus(kOrgDomain);
                          absl::StatusOr<StoredOrgUnit> found = store_.GetOrgUnit(id);
                          if (!found.ok()) return found.status();
                          *response = std::move(found->org_unit);
                          return absl::OkStatus();
                        });
}

OrgService::Reactor* OrgService::ListOrgUnits(Context* context,
                                              const v1::ListOrgUnitsRequest* request,
                                              v1::ListOrgUnitsResponse* response) {
  return request::Serve(
      context, verifier_, "ListOrgUnits", *request,
      [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
        const std::string root = request->parent().empty()
                                     ? ""
                                     : names::OrgUnitIdOr(request->parent(), "parent", violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<int> page_size =
            pagination::NormalizePageSize(request->page_size(), kOrgDomain);
        if (!page_size.ok()) return page_size.status();
        // The org structure is identity data: every internal user sees all of it.
        const std::string fingerprint = pagination::QueryFingerprint({"ListOrgUnits", root});
        absl::StatusOr<pagination::PageCursor> cursor =
            page_tokens_.Decode(request->page_token(), fingerprint, kOrgDomain);
        if (!cursor.ok()) return cursor.status();
        absl::StatusOr<std::vector<StoredOrgUnit>> units =
            store_.ListOrgUnits(root, cursor->last_key, *page_size + 1);
        if (!units.ok()) return units.status();
        const bool more = static_cast<int>(units->size()) > *page_size;
        if (more) units->pop_back();
        for (StoredOrgUnit& unit : *units) *response->add_org_units() = std::move(unit.org_unit);
        if (more) {
          response->set_next_page_token(
              page_tokens_.Encode(fingerprint, {.last_key = units->back().path}));
        }
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::UpdateOrgUnit(Context* context,
                                               const v1::UpdateOrgUnitRequest* request,
                                               v1::OrgUnit* response) {
  return request::Serve(
      context, verifier_, "UpdateOrgUnit", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const v1::OrgUnit& values = request->org_unit();
        const std::string id = names::OrgUnitIdOr(values.name(), "org_unit.name", violations);
        for (const std::string& path : request->update_mask().paths()) {
          if (path != "display_name") {
            violations.Add("update_mask", crm::StrCat("update_mask: ", Quote(path),
                                                      " cannot change; only display_name can"));
          }
        }
        Check("org_unit.display_name", DisplayNameError(values.display_name()), violations);
        const std::optional<int64_t> version =
            ParseEtagField(values.etag(), "org_unit.etag", violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<v1::OrgUnit> renamed =
            store_.RenameOrgUnit(actor, id, values.display_name(), version);
        if (!renamed.ok()) return renamed.status();
        *response = *std::move(renamed);
        Changed();
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::DeleteOrgUnit(Context* context,
                                               const v1::DeleteOrgUnitRequest* request,
                                               v1::DeleteOrgUnitResponse*) {
  return request::Serve(
      context, verifier_, "DeleteOrgUnit", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const std::string id = names::OrgUnitIdOr(request->name(), "name", violations);
        const std::optional<int64_t> version = ParseEtagField(request->etag(), "etag", violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        if (absl::Status s = store_.DeleteOrgUnit(actor, id, version); !s.ok()) return s;
        Changed();
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::CreateUser(Context* context, const v1::CreateUserRequest* request,
                                            v1::User* response) {
  return request::Serve(
      context, verifier_, "CreateUser", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const v1::User& values = request->user();
        Check("user_id", UserIdError(request->user_id()), violations);
        Check("user.display_name", DisplayNameError(values.display_name()), violations);
        validation::CheckEnum<v1::User::Type>(values.type(), "user.type",
                                              validation::Presence::kOptional, violations);
        names::OrgUnitIdOr(values.org_unit(), "user.org_unit", violations);
        Check("user.roles", RolesError(Roles(values)), violations);
        Check("user.email", EmailError(values.email()), violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<v1::User> created = store_.CreateUser(actor, request->user_id(), values);
        if (!created.ok()) return created.status();
        *response = *std::move(created);
        Changed();
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::GetUser(Context* context, const v1::GetUserRequest* request,
                                         v1::User* response) {
  return request::Serve(
      context, verifier_, "GetUser", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const std::string id = names::UserIdOr(request->name(), "name", violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<StoredUser> found = store_.GetUser(id);
        if (!found.ok()) return found.status();
        if (absl::Status s =
                RequireReach(actor.principal, found->user.name(), found->org_unit_path);
            !s.ok()) {
          return s;
        }
        *response = std::move(found->user);
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::ListUsers(Context* context, const v1::ListUsersRequest* request,
                                           v1::ListUsersResponse* response) {
  return request::Serve(
      context, verifier_, "ListUsers", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const std::string requested =
            request->org_unit().empty()
                ? ""
                : names::OrgUnitIdOr(request->org_unit(), "org_unit", violations);
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<int> page_size =
            pagination::NormalizePageSize(request->page_size(), kOrgDomain);
        if (!page_size.ok()) return page_size.status();
        absl::StatusOr<std::string> root = ResolveListRoot(store_, actor.principal, requested);
        if (!root.ok()) return root.status();
        const std::string fingerprint = pagination::QueryFingerprint({"ListUsers", *root});
        absl::StatusOr<pagination::PageCursor> cursor =
            page_tokens_.Decode(request->page_token(), fingerprint, kOrgDomain);
        if (!cursor.ok()) return cursor.status();
        const std::string after = cursor->last_key.empty() ? "" : cursor->last_key.front();
        absl::StatusOr<std::vector<StoredUser>> users =
            store_.ListUsers(*root, after, *page_size + 1);
        if (!users.ok()) return users.status();
        const bool more = static_cast<int>(users->size()) > *page_size;
        if (more) users->pop_back();
        for (StoredUser& user : *users) *response->add_users() = std::move(user.user);
        if (more) {
          response->set_next_page_token(page_tokens_.Encode(
              fingerprint, {.last_key = {*ParseUserName(response->users().rbegin()->name())}}));
        }
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::UpdateUser(Context* context, const v1::UpdateUserRequest* request,
                                            v1::User* response) {
  return request::Serve(
      context, verifier_, "UpdateUser", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const v1::User& values = request->user();
        const std::string id = names::UserIdOr(values.name(), "user.name", violations);
        const std::optional<int64_t> version =
            ParseEtagField(values.etag(), "user.etag", violations);
        UserChange change;
        if (request->update_mask().paths().empty()) {
          violations.Add("update_mask",
                         "update_mask: name the fields to change: display_name, org_unit, roles, "
                         "email, disabled");
        }
        for (const std::string& path : request->update_mask().paths()) {
          if (path == "display_name") {
            Check("user.display_name", DisplayNameError(values.display_name()), violations);
            change.display_name = values.display_name();
          } else if (path == "org_unit") {
            change.org_unit_id = names::OrgUnitIdOr(values.org_unit(), "user.org_unit", violations);
          } else if (path == "roles") {
            Check("user.roles", RolesError(Roles(values)), violations);
            change.roles = Roles(values);
          } else if (path == "email") {
            Check("user.email", EmailError(values.email()), violations);
            change.email = values.email();
          } else if (path == "disabled") {
            change.disabled = values.disabled();
          } else {
            violations.Add("update_mask",
                           crm::StrCat("update_mask: ", Quote(path),
                                       " cannot change; use display_name, org_unit, roles, email "
                                       "or disabled"));
          }
        }
        if (!violations.empty()) return violations.ToStatus(kOrgDomain);
        absl::StatusOr<v1::User> updated = store_.UpdateUser(actor, id, change, version);
        if (!updated.ok()) return updated.status();
        *response = *std::move(updated);
        Changed();
        return absl::OkStatus();
      });
}

OrgService::Reactor* OrgService::ListAuditEntries(Context* context,
                                                  const v1::ListAuditEntriesRequest* request,
                                                  v1::ListAuditEntriesResponse* response) {
  return request::Serve(
      context, verifier_, "ListAuditEntries", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        if (request->target().size() > 200) {
          violations.Add("target", "target: at most 200 characters, e.g. users/li.si");
          return violations.ToStatus(kOrgDomain);
        }
        absl::StatusOr<int> page_size =
            pagination::NormalizePageSize(request->page_size(), kOrgDomain);
        if (!page_size.ok()) return page_size.status();
        const std::string root = ListRoot(actor.principal);
        const std::string fingerprint =
            pagination::QueryFingerprint({"ListAuditEntries", request->target(), root});
        absl::StatusOr<pagination::PageCursor> cursor =
            page_tokens_.Decode(request->page_token(), fingerprint, kOrgDomain);
        if (!cursor.ok()) return cursor.status();
        int64_t before = 0;
        if (!cursor->last_key.empty() && !absl::SimpleAtoi(cursor->last_key.front(), &before)) {
          return absl::InternalError("audit page cursor is not a number");
        }
        absl::StatusOr<std::vector<AuditRow>> rows =
            store_.ListAudit(request->target(), root, before, *page_size + 1);
        if (!rows.ok()) return rows.status();
        const bool more = static_cast<int>(rows->size()) > *page_size;
        if (more) rows->pop_back();
        for (AuditRow& row : *rows) *response->add_entries() = std::move(row.entry);
        if (more) {
          response->set_next_page_token(
              page_tokens_.Encode(fingerprint, {.last_key = {crm::StrCat(rows->back().id)}}));
        }
        return absl::OkStatus();
      });
}

}  // namespace crm::gateway
