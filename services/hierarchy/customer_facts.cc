#include "services/hierarchy/customer_facts.h"

#include <chrono>

#include "grpcpp/client_context.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/request_id.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/hierarchy/hierarchy_rules.h"

namespace crm::hierarchy {
namespace {

constexpr auto kMaxWait = std::chrono::seconds(5);

// A context that speaks for `caller`: its signed principal and request id,
// and no more time than it has left.
std::unique_ptr<grpc::ClientContext> AsCaller(const grpc::ServerContextBase& caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  const auto& metadata = caller.client_metadata();
  const std::string principal_key(auth::kPrincipalMetadataKey);
  if (auto found = metadata.find(principal_key); found != metadata.end()) {
    context->AddMetadata(principal_key, std::string(found->second.data(), found->second.size()));
  }
  if (const std::string_view id = server::RequestId(caller); !id.empty()) {
    context->AddMetadata(std::string(server::kRequestIdKey), std::string(id));
  }
  context->set_deadline(std::min(caller.deadline(), std::chrono::system_clock::now() + kMaxWait));
  return context;
}

absl::StatusOr<CustomerFacts> FactsOf(const grpc::Status& status,
                                      const customer::v1::Customer& customer,
                                      const std::string& asked) {
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_NOT_FOUND",
                         crm::StrCat("customer ", asked, " does not exist"), {{"customer", asked}});
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return status::WithRetryDelay(
        status::Error(absl::StatusCode::kUnavailable, kDomain, "CUSTOMER_SERVICE_UNAVAILABLE",
                      "the customer service did not answer; retry"),
        absl::Seconds(1));
  }
  if (!status.ok()) return status::FromGrpc(status);
  CustomerFacts facts;
  facts.id = ParseCustomerName(customer.name()).value_or("");
  facts.display_name = customer.display_name();
  facts.region = customer.region();
  facts.owner_org_unit = customer.owner_org_unit();
  facts.deleted = customer.state() == customer::v1::Customer::DELETED;
  return facts;
}

}  // namespace

absl::Status RequireLive(const CustomerFacts& customer) {
  if (!customer.deleted) return absl::OkStatus();
  const std::string name = crm::StrCat("customers/", customer.id);
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                       crm::StrCat(name, " is deleted; undelete it first"), {{"customer", name}});
}

bool IsExternalReferenceKey(const std::string& key) { return key.find(':') != std::string::npos; }

absl::StatusOr<CustomerFacts> CustomerFactsClient::Get(const grpc::ServerContextBase& caller,
                                                       const std::string& customer_id) const {
  customer::v1::GetCustomerRequest request;
  request.set_name(crm::StrCat("customers/", customer_id));
  customer::v1::Customer customer;
  const grpc::Status status = stub_->GetCustomer(AsCaller(caller).get(), request, &customer);
  return FactsOf(status, customer, request.name());
}

absl::StatusOr<CustomerFacts> CustomerFactsClient::Lookup(const grpc::ServerContextBase& caller,
                                                          const std::string& key) const {
  customer::v1::LookupCustomerRequest request;
  if (IsExternalReferenceKey(key)) {
    const size_t colon = key.find(':');
    request.mutable_external_reference()->set_source_system(key.substr(0, colon));
    request.mutable_external_reference()->set_source_id(key.substr(colon + 1));
  } else {
    request.set_uscc(key);
  }
  customer::v1::Customer customer;
  const grpc::Status status = stub_->LookupCustomer(AsCaller(caller).get(), request, &customer);
  return FactsOf(status, customer, key);
}

}  // namespace crm::hierarchy
