#include "libs/replicas/customer/customer_fetcher.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"

namespace crm::replicas {
namespace {

// A customer named by a NOT_FOUND of BatchGetCustomers (all or nothing):
// merged or unknown since the change that named it was written.
std::optional<std::string> CustomerGoneMeanwhile(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kNotFound) return std::nullopt;
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  if (!info.has_value() ||
      (info->reason() != "CUSTOMER_MERGED" && info->reason() != "CUSTOMER_NOT_FOUND")) {
    return std::nullopt;
  }
  const auto customer = info->metadata().find("customer");
  if (customer == info->metadata().end()) return std::nullopt;
  return names::ParseCustomerName(customer->second);
}

}  // namespace

CustomerFetcher::CustomerFetcher(std::shared_ptr<grpc::Channel> customers,
                                 auth::PrincipalSigner signer, std::string service)
    : stub_(customer::v1::CustomerService::NewStub(std::move(customers))),
      signer_(std::move(signer)),
      service_(std::move(service)) {}

std::unique_ptr<grpc::ClientContext> CustomerFetcher::AsService(absl::Duration timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal(service_));
  return context;
}

absl::StatusOr<customer::v1::ListCustomerChangesResponse> CustomerFetcher::ListChanges(
    const std::string& token, int page_size, absl::Duration timeout) const {
  customer::v1::ListCustomerChangesRequest request;
  request.set_page_size(page_size);
  if (token.empty()) {
    // 1970-01-01: the oldest change the feed still keeps.
    *request.mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  customer::v1::ListCustomerChangesResponse page;
  const grpc::Status listed = stub_->ListCustomerChanges(AsService(timeout).get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);
  return page;
}

absl::StatusOr<std::vector<ReplicatedCustomer>> CustomerFetcher::BatchGet(
    std::vector<std::string> ids, absl::Duration timeout) const {
  // Each failed round drops the one customer it names, so this ends.
  while (!ids.empty()) {
    customer::v1::BatchGetCustomersRequest request;
    for (const std::string& id : ids) request.add_names(names::CustomerName(id));
    customer::v1::BatchGetCustomersResponse got;
    const absl::Status fetched =
        status::FromGrpc(stub_->BatchGetCustomers(AsService(timeout).get(), request, &got));
    if (const std::optional<std::string> gone = CustomerGoneMeanwhile(fetched); gone.has_value()) {
      const auto size = ids.size();
      ids.erase(std::remove(ids.begin(), ids.end(), *gone), ids.end());
      if (ids.size() == size) return fetched;  // names a customer not asked for
      continue;
    }
    if (!fetched.ok()) return fetched;
    std::vector<ReplicatedCustomer> customers;
    customers.reserve(got.customers_size());
    for (const customer::v1::Customer& customer : got.customers()) {
      customers.push_back(ReplicatedCustomerOf(customer));
    }
    return customers;
  }
  return std::vector<ReplicatedCustomer>();
}

absl::StatusOr<ReplicatedCustomer> CustomerFetcher::Get(const std::string& id,
                                                        absl::Duration timeout) const {
  customer::v1::GetCustomerRequest request;
  request.set_name(names::CustomerName(id));
  customer::v1::Customer customer;
  const absl::Status got =
      status::FromGrpc(stub_->GetCustomer(AsService(timeout).get(), request, &customer));
  if (got.ok()) return ReplicatedCustomerOf(customer);
  if (const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(got);
      got.code() == absl::StatusCode::kNotFound && info.has_value() &&
      info->reason() == "CUSTOMER_MERGED") {
    const auto survivor = info->metadata().find("mergedInto");
    if (survivor != info->metadata().end()) {
      return ReplicatedCustomer{
          .id = id,
          .state = CustomerState::kMerged,
          .merged_into = names::ParseCustomerName(survivor->second).value_or("")};
    }
  }
  return got;
}

}  // namespace crm::replicas
