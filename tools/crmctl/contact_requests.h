#ifndef CRM_TOOLS_CRMCTL_CONTACT_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_CONTACT_REQUESTS_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Turns a parsed `crmctl contact ...` command line into its request; see
// customer_requests.h.

// --name, --title, --department, --role, --phone, --email, --wechat.
std::vector<FlagSpec> ContactFieldFlags();

// Sets the fields whose flags were given and, when `mask` is not null, names
// each in it, in field order. An empty value clears a field.
absl::Status ApplyContactFields(const FlagValues& flags, customer::v1::Contact* contact,
                                google::protobuf::FieldMask* mask);

absl::StatusOr<customer::v1::CreateContactRequest> BuildCreateContactRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::GetContactRequest> BuildGetContactRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::ListContactsRequest> BuildListContactsRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::UpdateContactRequest> BuildUpdateContactRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::DeleteContactRequest> BuildDeleteContactRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::EraseContactRequest> BuildEraseContactRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTACT_REQUESTS_H_
