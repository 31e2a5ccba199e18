#include "tools/crmctl/contact_requests.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

// One contact field a flag sets.
struct ContactField {
  FlagSpec flag;
  std::string mask_path;
  absl::Status (*apply)(const std::string& value, v1::Contact* contact);
};

const std::vector<ContactField>& ContactFields() {
  static const std::vector<ContactField> kFields = {
      {{"name", "NAME", "the person's name"},
       "display_name",
       [](const std::string& v, v1::Contact* c) {
         c->set_display_name(v);
         return absl::OkStatus();
       }},
      {{"title", "TITLE", "job title, e.g. 采购总监"},
       "title",
       [](const std::string& v, v1::Contact* c) {
         c->set_title(v);
         return absl::OkStatus();
       }},
      {{"department", "DEPT", "department at the customer"},
       "department",
       [](const std::string& v, v1::Contact* c) {
         c->set_department(v);
         return absl::OkStatus();
       }},
      {{"role", "ROLE", DecisionRoleChoices()},
       "decision_role",
       [](const std::string& v, v1::Contact* c) {
         absl::StatusOr<v1::DecisionRole> role = ParseDecisionRole(v);
         if (!role.ok()) return role.status();
         c->set_decision_role(*role);
         return absl::OkStatus();
       }},
      {{"phone", "PHONE", "mobile phone, 11 digits"},
       "phone",
       [](const std::string& v, v1::Contact* c) {
         c->set_phone(v);
         return absl::OkStatus();
       }},
      {{"email", "EMAIL", "e-mail address"},
       "email",
       [](const std::string& v, v1::Contact* c) {
         c->set_email(v);
         return absl::OkStatus();
       }},
      {{"wechat", "ID", "WeChat id"},
       "wechat",
       [](const std::string& v, v1::Contact* c) {
         c->set_wechat(v);
         return absl::OkStatus();
       }},
  };
  return kFields;
}

std::string FieldFlagList() {
  std::vector<std::string> names;
  for (const ContactField& field : ContactFields()) {
    names.push_back(crm::StrCat("--", field.flag.name));
  }
  return absl::StrJoin(names, ", ");
}

}  // namespace

std::vector<FlagSpec> ContactFieldFlags() {
  std::vector<FlagSpec> flags;
  for (const ContactField& field : ContactFields()) {
    flags.push_back(field.flag);
  }
  return flags;
}

absl::Status ApplyContactFields(const FlagValues& flags, v1::Contact* contact,
                                google::protobuf::FieldMask* mask) {
  for (const ContactField& field : ContactFields()) {
    const std::optional<std::string> value = flags.Get(field.flag.name);
    if (!value.has_value()) continue;
    absl::Status status = field.apply(*value, contact);
    if (!status.ok()) return status;
    if (mask != nullptr) mask->add_paths(field.mask_path);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateContactRequest> BuildCreateContactRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> parent = CustomerName(invocation.args.at(0));
  if (!parent.ok()) return parent.status();
  if (invocation.flags.Get("name").value_or("").empty()) {
    return UsageError("--name is required");
  }
  v1::CreateContactRequest request;
  request.set_parent(*parent);
  absl::Status status = ApplyContactFields(invocation.flags, request.mutable_contact(), nullptr);
  if (!status.ok()) return status;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetContactRequest> BuildGetContactRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = ContactName(invocation.args);
  if (!name.ok()) return name.status();
  v1::GetContactRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListContactsRequest> BuildListContactsRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> parent = CustomerName(invocation.args.at(0));
  if (!parent.ok()) return parent.status();
  v1::ListContactsRequest request;
  request.set_parent(*parent);
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(invocation.flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(invocation.flags.Get("page-token").value_or(""));
  request.set_show_deleted(invocation.flags.IsOn("show-deleted"));
  return request;
}

absl::StatusOr<v1::UpdateContactRequest> BuildUpdateContactRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = ContactName(invocation.args);
  if (!name.ok()) return name.status();
  v1::UpdateContactRequest request;
  absl::Status status = ApplyContactFields(invocation.flags, request.mutable_contact(),
                                           request.mutable_update_mask());
  if (!status.ok()) return status;
  if (request.update_mask().paths().empty()) {
    return UsageError(crm::StrCat("nothing to update; give one or more of ", FieldFlagList()));
  }
  request.mutable_contact()->set_name(*name);
  request.mutable_contact()->set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::DeleteContactRequest> BuildDeleteContactRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = ContactName(invocation.args);
  if (!name.ok()) return name.status();
  v1::DeleteContactRequest request;
  request.set_name(*name);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::EraseContactRequest> BuildEraseContactRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = ContactName(invocation.args);
  if (!name.ok()) return name.status();
  const std::string reason = invocation.flags.Get("reason").value_or("");
  if (reason.empty()) {
    return UsageError(
        "--reason is required: the erasure is audited with it, e.g. the data "
        "subject's request number");
  }
  v1::EraseContactRequest request;
  request.set_name(*name);
  request.set_reason(reason);
  request.set_request_id(invocation.options.request_id);
  return request;
}

}  // namespace crm::crmctl
