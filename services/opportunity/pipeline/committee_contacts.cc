#include "services/opportunity/pipeline/committee_contacts.h"

#include <chrono>

#include "grpcpp/client_context.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/request_id.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

constexpr auto kMaxWait = std::chrono::seconds(5);

}  // namespace

absl::Status CommitteeContacts::Resolve(const auth::v1::Principal& caller,
                                        std::string_view request_id, const std::string& customer_id,
                                        OpportunityStore& store, v1::Opportunity& opportunity,
                                        status::FieldViolations& violations) const {
  for (int i = 0; i < opportunity.buying_committee_size(); ++i) {
    v1::CommitteeMember& member = *opportunity.mutable_buying_committee(i);
    const std::string field = crm::StrCat("opportunity.buying_committee[", i, "].contact");
    const std::optional<names::ContactIds> ids = names::ParseContactName(member.contact());
    if (!ids.has_value()) continue;  // CheckOpportunityFields said so
    if (ids->customer_id != customer_id) {
      absl::StatusOr<bool> same_group = store.SameGroup(customer_id, ids->customer_id);
      if (!same_group.ok()) return same_group.status();
      if (!*same_group) {
        violations.Add(field, crm::StrCat(field, ": ", member.contact(),
                                          " is a contact of a customer outside the group of ",
                                          names::CustomerName(customer_id),
                                          "; the committee takes the contacts of the customer "
                                          "and of its group"));
        continue;
      }
    }
    grpc::ClientContext context;
    auth::AttachPrincipal(context, signer_, caller);
    if (!request_id.empty()) {
      context.AddMetadata(std::string(server::kRequestIdKey), std::string(request_id));
    }
    context.set_deadline(std::chrono::system_clock::now() + kMaxWait);
    customer::v1::GetContactRequest request;
    request.set_name(names::ContactName(ids->customer_id, ids->contact_id));
    customer::v1::Contact contact;
    const grpc::Status status = stub_->GetContact(&context, request, &contact);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
        status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      violations.Add(field, crm::StrCat(field, ": ", member.contact(),
                                        " is not a contact the customer service shows you"));
      continue;
    }
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      return status::WithRetryDelay(
          status::Error(absl::StatusCode::kUnavailable, kDomain, "CUSTOMER_SERVICE_UNAVAILABLE",
                        "the customer service did not answer while checking the buying "
                        "committee; retry"),
          absl::Seconds(1));
    }
    if (!status.ok()) return status::FromGrpc(status);
    if (contact.state() != customer::v1::Contact::ACTIVE) {
      violations.Add(field, crm::StrCat(field, ": ", member.contact(), " is ",
                                        customer::v1::Contact::State_Name(contact.state()),
                                        "; only live contacts sit on a committee"));
      continue;
    }
    member.set_display_name(contact.display_name());
  }
  return absl::OkStatus();
}

}  // namespace crm::opportunity
