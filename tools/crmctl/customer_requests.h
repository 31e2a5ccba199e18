#ifndef CRM_TOOLS_CRMCTL_CUSTOMER_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_CUSTOMER_REQUESTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Turns a parsed `crmctl customer ...` command line into its request. Pure,
// so the mapping from flags to fields is tested without a server. Bad values
// are usage errors; the server does the real validation.

// Which of the optional customer field flags a command takes.
struct CustomerFieldSet {
  bool references = false;  // --ref SYSTEM:ID ..., external_references
  bool owner = false;       // --owner ORGUNIT, owner_org_unit (create only)
};

// --legal-name, --display-name, ... in the order of the Customer fields.
std::vector<FlagSpec> CustomerFieldFlags(CustomerFieldSet set);

// Sets the fields whose flags were given and, when `mask` is not null, names
// each in it, in field order. An empty value clears a field (`--tag ""`
// clears the tags). The owner is never put in a mask: only set-owner moves
// a customer.
absl::Status ApplyCustomerFields(const FlagValues& flags, CustomerFieldSet set,
                                 customer::v1::Customer* customer,
                                 google::protobuf::FieldMask* mask);

absl::StatusOr<customer::v1::CreateCustomerRequest> BuildCreateCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::GetCustomerRequest> BuildGetCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::ListCustomersRequest> BuildListCustomersRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::UpdateCustomerRequest> BuildUpdateCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::DeleteCustomerRequest> BuildDeleteCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::UndeleteCustomerRequest> BuildUndeleteCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::LookupCustomerRequest> BuildLookupCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::UpsertCustomerByExternalReferenceRequest> BuildUpsertCustomerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::SetCustomerOwnerRequest> BuildSetCustomerOwnerRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::AddAccountTeamMemberRequest> BuildAddTeamMemberRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::RemoveAccountTeamMemberRequest> BuildRemoveTeamMemberRequest(
    const Invocation& invocation);
absl::StatusOr<customer::v1::ListCustomerHistoryRequest> BuildListHistoryRequest(
    const Invocation& invocation);
// `customer duplicates ID` matches an existing customer by `name`;
// `customer duplicates --legal-name ...` a record not created yet.
absl::StatusOr<customer::v1::SearchDuplicatesRequest> BuildSearchDuplicatesRequest(
    const Invocation& invocation);
// `customer duplicates scan --min-score S` (and the global --request-id).
absl::StatusOr<customer::v1::ScanDuplicatesRequest> BuildScanDuplicatesRequest(
    const Invocation& invocation);

// `customer changes`: the first request of the change feed and how to go on.
struct ChangeFeedPlan {
  // --cursor TOKEN as page_token, or --since TIME as start_time, or neither
  // (the oldest change kept). --cursor-file may replace either when its file
  // exists (see RunCustomerChanges).
  customer::v1::ListCustomerChangesRequest request;
  int64_t limit = 0;  // --limit N: stop after N changes; 0: no limit
  bool follow = false;
  absl::Duration poll_interval = absl::Seconds(2);
  std::string cursor_file;  // empty: none
};
absl::StatusOr<ChangeFeedPlan> BuildChangeFeedPlan(const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CUSTOMER_REQUESTS_H_
