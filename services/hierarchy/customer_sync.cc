#include "services/hierarchy/customer_sync.h"

#include <algorithm>
#include <chrono>

#include "absl/container/flat_hash_set.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/log/log.h"
#include "libs/status/status.h"
#include "services/hierarchy/hierarchy_rules.h"

namespace crm::hierarchy {
namespace {

constexpr int kPageSize = 500;
constexpr int kMaxMergedSkips = 50;
constexpr auto kCallTimeout = std::chrono::seconds(10);

}  // namespace

CustomerSync::~CustomerSync() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void CustomerSync::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    bool healthy = true;
    do {
      const absl::StatusOr<int64_t> synced = SyncOnce();
      if (synced.ok() != healthy) {  // logged when it starts failing and when it recovers
        healthy = synced.ok();
        if (healthy) {
          log::Info("customer sync works again");
        } else {
          log::Warn("customer sync failed; trees keep the facts they have",
                    {{"error", std::string(synced.status().message())}});
        }
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval));
  });
}

std::unique_ptr<grpc::ClientContext> CustomerSync::AsService() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal("services/hierarchy"));
  return context;
}

absl::StatusOr<std::vector<CustomerFacts>> CustomerSync::FetchPlacedFacts(
    absl::flat_hash_set<std::string> changed) {
  absl::StatusOr<std::vector<std::string>> placed =
      store_.PlacedCustomers({changed.begin(), changed.end()});
  if (!placed.ok()) return placed.status();
  std::vector<std::string> ids = *std::move(placed);
  // A customer merged since this page was written is NOT_FOUND by name; its
  // MERGED event, further on in the feed, moves its node.
  for (int attempt = 0; !ids.empty() && attempt < kMaxMergedSkips; ++attempt) {
    customer::v1::BatchGetCustomersRequest get;
    for (const std::string& id : ids) get.add_names("customers/" + id);
    customer::v1::BatchGetCustomersResponse got;
    const absl::Status fetched =
        status::FromGrpc(customers_->BatchGetCustomers(AsService().get(), get, &got));
    if (std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(fetched);
        info.has_value() && info->reason() == "CUSTOMER_MERGED") {
      const std::string merged = ParseCustomerName(info->metadata().at("customer")).value_or("");
      ids.erase(std::remove(ids.begin(), ids.end(), merged), ids.end());
      continue;
    }
    if (!fetched.ok()) return fetched;
    std::vector<CustomerFacts> facts;
    for (const customer::v1::Customer& customer : got.customers()) {
      facts.push_back({.id = ParseCustomerName(customer.name()).value_or(""),
                       .display_name = customer.display_name(),
                       .region = customer.region(),
                       .owner_org_unit = customer.owner_org_unit()});
    }
    return facts;
  }
  return std::vector<CustomerFacts>();
}

absl::StatusOr<int64_t> CustomerSync::SyncOnce() {
  absl::StatusOr<std::string> cursor = store_.FeedCursor();
  if (!cursor.ok()) return cursor.status();
  int64_t refreshed = 0;
  for (;;) {
    customer::v1::ListCustomerChangesRequest request;
    request.set_page_size(kPageSize);
    if (cursor->empty()) {
      *request.mutable_start_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          absl::ToUnixMicros(absl::Now()));
    } else {
      request.set_page_token(*cursor);
    }
    customer::v1::ListCustomerChangesResponse page;
    const grpc::Status listed = customers_->ListCustomerChanges(AsService().get(), request, &page);
    if (!listed.ok()) return status::FromGrpc(listed);

    // Merges first: a merged customer's node becomes its survivor's, whose
    // facts are then refreshed with the rest.
    absl::flat_hash_set<std::string> changed;
    for (const customer::v1::CustomerChange& change : page.changes()) {
      std::optional<std::string> id = ParseCustomerName(change.customer());
      if (!id.has_value()) continue;
      if (change.type() == customer::v1::CustomerChange::MERGED) {
        std::optional<std::string> survivor = ParseCustomerName(change.merged_into());
        if (!survivor.has_value()) continue;
        absl::StatusOr<bool> followed = store_.FollowMerge(*id, *survivor);
        if (!followed.ok()) return followed.status();
        changed.insert(*survivor);
        continue;
      }
      changed.insert(*id);
    }
    std::vector<CustomerFacts> facts;
    if (!changed.empty()) {
      absl::StatusOr<std::vector<CustomerFacts>> fetched = FetchPlacedFacts(changed);
      if (!fetched.ok()) return fetched.status();
      facts = *std::move(fetched);
    }
    absl::StatusOr<int64_t> count = store_.RefreshCustomers(facts, page.next_page_token());
    if (!count.ok()) return count.status();
    refreshed += *count;
    *cursor = page.next_page_token();
    if (page.changes_size() < kPageSize) return refreshed;
  }
}

}  // namespace crm::hierarchy
