#include "services/customer/contacts/contacts_handler.h"

#include "absl/strings/str_cat.h"
#include "libs/crypto/crypto.h"
#include "libs/log/log.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

std::optional<ContactId> ContactIdOr(const std::string& name, const std::string& field,
                                     status::FieldViolations& violations) {
  std::optional<ContactId> id = ParseContactName(name);
  if (!id.has_value()) {
    violations.Add(field, crm::StrCat(field, ": ", Quote(name),
                                      " is not a contact name like "
                                      "customers/{uuid}/contacts/{uuid}"));
  }
  return id;
}

}  // namespace

absl::StatusOr<ContactValues> ContactsHandler::SealContact(const std::string& contact_id,
                                                           const v1::Contact& contact) {
  return customer::SealContact(*deps_.cipher, contact_id, contact);
}

// Opens the personal fields when the caller may see them (and notes the
// contact for the read audit); leaves them masked otherwise.
absl::Status ContactsHandler::RenderContact(const Caller& caller, StoredContact stored,
                                            v1::Contact& out, std::vector<std::string>& opened) {
  out = std::move(stored.contact);
  if (!MaySeePersonalInfo(caller.principal, stored.customer_in_scope)) return absl::OkStatus();
  const std::optional<ContactId> id = ParseContactName(out.name());
  if (!id.has_value()) return absl::InternalError("stored contact has a bad name");
  const std::pair<PersonalField, std::string*> fields[] = {
      {PersonalField::kPhone, &stored.phone_sealed},
      {PersonalField::kEmail, &stored.email_sealed},
      {PersonalField::kWechat, &stored.wechat_sealed}};
  for (const auto& [field, sealed] : fields) {
    absl::StatusOr<std::string> plain = deps_.cipher->Open(id->contact_id, field, *sealed);
    if (!plain.ok()) {
      log::Error("cannot open a contact's personal field",
                 {{"contact", out.name()}, {"field", FieldName(field)}});
      return absl::InternalError("personal field does not open");
    }
    if (field == PersonalField::kPhone) out.set_phone(*plain);
    if (field == PersonalField::kEmail) out.set_email(*plain);
    if (field == PersonalField::kWechat) out.set_wechat(*plain);
  }
  out.set_personal_info_masked(false);
  opened.push_back(id->contact_id);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ContactsHandler::CreateContact(Context* context,
                                                         const v1::CreateContactRequest* request,
                                                         v1::Contact* response) {
  return Serve(*deps_.verifier, context, "CreateContact", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 std::optional<std::string> customer_id = ParseCustomerName(request->parent());
                 if (!customer_id.has_value()) {
                   violations.Add("parent",
                                  crm::StrCat("parent: ", Quote(request->parent()),
                                              " is not a customer name like customers/{uuid}"));
                 }
                 v1::Contact contact = request->contact();
                 ValidateContact(contact, ContactInputPaths(), "contact.", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 const std::string contact_id = crypto::NewUuid();
                 absl::StatusOr<ContactValues> values = SealContact(contact_id, contact);
                 if (!values.ok()) return values.status();
                 absl::StatusOr<ContactChange> created =
                     deps_.contacts->Create(caller.context, *customer_id, contact_id, *values);
                 if (!created.ok()) return created.status();
                 deps_.cache->AfterChange(*customer_id, created->customer_version);
                 *response = created->contact;
                 // The creator supplied the values; show them back when their role allows.
                 const std::optional<ContactId> id = ParseContactName(response->name());
                 if (id.has_value() && MaySeePersonalInfo(caller.principal, true)) {
                   response->set_phone(contact.phone());
                   response->set_email(contact.email());
                   response->set_wechat(contact.wechat());
                   response->set_personal_info_masked(false);
                 }
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* ContactsHandler::GetContact(Context* context,
                                                      const v1::GetContactRequest* request,
                                                      v1::Contact* response) {
  return Serve(*deps_.verifier, context, "GetContact", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 const std::optional<ContactId> id =
                     ContactIdOr(request->name(), "name", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<StoredContact> stored =
                     deps_.contacts->Get(caller.context, id->customer_id, id->contact_id);
                 if (!stored.ok()) return stored.status();
                 std::vector<std::string> opened;
                 if (absl::Status s = RenderContact(caller, *std::move(stored), *response, opened);
                     !s.ok()) {
                   return s;
                 }
                 // The audit is part of the read: no audit record, no plain values.
                 return deps_.audit->RecordRead(caller.context, opened);
               });
}

grpc::ServerUnaryReactor* ContactsHandler::ListContacts(Context* context,
                                                        const v1::ListContactsRequest* request,
                                                        v1::ListContactsResponse* response) {
  return Serve(
      *deps_.verifier, context, "ListContacts", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        std::optional<std::string> customer_id = ParseCustomerName(request->parent());
        if (!customer_id.has_value()) {
          violations.Add("parent", crm::StrCat("parent: ", Quote(request->parent()),
                                               " is not a customer name like customers/{uuid}"));
        }
        int page_size = 50;
        if (absl::StatusOr<int> size = pagination::NormalizePageSize(request->page_size());
            size.ok()) {
          page_size = *size;
        } else {
          violations.Add("page_size", std::string(size.status().message()));
        }
        const std::string fingerprint = pagination::QueryFingerprint(
            {"ListContacts", request->parent(), request->show_deleted() ? "all" : "live"});
        const std::vector<std::string> after_key = deps_.page_tokens->ResumeAfter(
            request->page_token(), fingerprint, 2, "call with this parent", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<ContactPage> page = deps_.contacts->List(
            caller.context, *customer_id, after_key, page_size, request->show_deleted());
        if (!page.ok()) return page.status();
        std::vector<std::string> opened;
        for (StoredContact& stored : page->contacts) {
          if (absl::Status s =
                  RenderContact(caller, std::move(stored), *response->add_contacts(), opened);
              !s.ok()) {
            return s;
          }
        }
        if (!page->last_key.empty()) {
          response->set_next_page_token(deps_.page_tokens->Encode(fingerprint, {page->last_key}));
        }
        return deps_.audit->RecordRead(caller.context, opened);
      });
}

grpc::ServerUnaryReactor* ContactsHandler::UpdateContact(Context* context,
                                                         const v1::UpdateContactRequest* request,
                                                         v1::Contact* response) {
  return Serve(
      *deps_.verifier, context, "UpdateContact", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
        v1::Contact contact = request->contact();
        const std::optional<ContactId> id = ContactIdOr(contact.name(), "contact.name", violations);
        const std::vector<std::string> paths =
            ValidateContactMask(request->update_mask(), violations);
        ValidateContact(contact, paths, "contact.", violations);
        std::optional<int64_t> version;
        if (!contact.etag().empty()) {
          version = ParseEtag(contact.etag());
          if (!version.has_value()) {
            violations.Add("contact.etag", crm::StrCat("contact.etag: ", Quote(contact.etag()),
                                                       " is not an etag this service issued"));
          }
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<ContactValues> values = SealContact(id->contact_id, contact);
        if (!values.ok()) return values.status();
        absl::StatusOr<ContactChange> updated = deps_.contacts->Update(
            caller.context, id->customer_id, id->contact_id, *values, paths, version);
        if (!updated.ok()) return updated.status();
        deps_.cache->AfterChange(id->customer_id, updated->customer_version);
        *response = updated->contact;
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ContactsHandler::DeleteContact(Context* context,
                                                         const v1::DeleteContactRequest* request,
                                                         v1::Contact* response) {
  return Serve(*deps_.verifier, context, "DeleteContact", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::optional<ContactId> id =
                     ContactIdOr(request->name(), "name", violations);
                 std::optional<int64_t> version;
                 if (!request->etag().empty()) {
                   version = ParseEtag(request->etag());
                   if (!version.has_value())
                     violations.Add("etag", "etag: not an etag this service issued");
                 }
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<ContactChange> deleted = deps_.contacts->Delete(
                     caller.context, id->customer_id, id->contact_id, version);
                 if (!deleted.ok()) return deleted.status();
                 deps_.cache->AfterChange(id->customer_id, deleted->customer_version);
                 *response = deleted->contact;
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* ContactsHandler::EraseContact(Context* context,
                                                        const v1::EraseContactRequest* request,
                                                        v1::Contact* response) {
  return Serve(*deps_.verifier, context, "EraseContact", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::optional<ContactId> id =
                     ContactIdOr(request->name(), "name", violations);
                 if (request->reason().empty() || request->reason().size() > 500) {
                   violations.Add("reason",
                                  "reason: required, at most 500 bytes (e.g. the data "
                                  "subject's request number)");
                 }
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<ContactChange> erased = deps_.contacts->Erase(
                     caller.context, id->customer_id, id->contact_id, request->reason());
                 if (!erased.ok()) return erased.status();
                 deps_.cache->AfterChange(id->customer_id, erased->customer_version);
                 *response = erased->contact;
                 return absl::OkStatus();
               });
}

}  // namespace crm::customer
