#include "services/hierarchy/customer_sync.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/status/status.h"
#include "services/hierarchy/hierarchy_rules.h"

namespace crm::hierarchy {
namespace {

constexpr char kSchema[] = "hierarchy";
constexpr char kFeed[] = "customer";
constexpr int kPageSize = 500;
constexpr int kMaxMergedSkips = 50;
constexpr auto kCallTimeout = std::chrono::seconds(10);

}  // namespace

CustomerSync::CustomerSync(pg::ConnectionPool& pool, HierarchyStore& store,
                           std::shared_ptr<grpc::Channel> customers, auth::PrincipalSigner signer,
                           absl::Duration interval)
    : store_(store),
      customers_(customer::v1::CustomerService::NewStub(std::move(customers))),
      signer_(std::move(signer)),
      follower_(pool, {.schema = kSchema, .feed = kFeed, .interval = interval},
                [this](const std::string& token) { return ReadPage(token); }) {}

std::vector<pg::PreparedStatement> CustomerSync::Statements() {
  return events::Follower::Statements(kSchema);
}

std::unique_ptr<grpc::ClientContext> CustomerSync::AsService() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal("services/hierarchy"));
  return context;
}

absl::StatusOr<std::vector<CustomerFacts>> CustomerSync::FetchFacts(std::vector<std::string> ids) {
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

absl::StatusOr<events::FollowedPage> CustomerSync::ReadPage(const std::string& token) {
  customer::v1::ListCustomerChangesRequest request;
  request.set_page_size(kPageSize);
  if (token.empty()) {
    *request.mutable_start_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
  } else {
    request.set_page_token(token);
  }
  customer::v1::ListCustomerChangesResponse page;
  const grpc::Status listed = customers_->ListCustomerChanges(AsService().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);

  // The facts to copy: of the customers with a node, and of every merge's
  // survivor (whose node may be the merged one's by the time it applies).
  absl::flat_hash_set<std::string> changed;
  std::vector<std::string> survivors;
  for (const customer::v1::CustomerChange& change : page.changes()) {
    if (change.type() == customer::v1::CustomerChange::MERGED) {
      if (std::optional<std::string> survivor = ParseCustomerName(change.merged_into())) {
        survivors.push_back(*survivor);
      }
    } else if (std::optional<std::string> id = ParseCustomerName(change.customer())) {
      changed.insert(*id);
    }
  }
  absl::StatusOr<std::vector<std::string>> placed =
      store_.PlacedCustomers({changed.begin(), changed.end()});
  if (!placed.ok()) return placed.status();
  std::vector<std::string> wanted = *std::move(placed);
  for (std::string& survivor : survivors) {
    if (std::find(wanted.begin(), wanted.end(), survivor) == wanted.end()) {
      wanted.push_back(std::move(survivor));
    }
  }
  absl::flat_hash_map<std::string, CustomerFacts> facts;
  if (!wanted.empty()) {
    absl::StatusOr<std::vector<CustomerFacts>> fetched = FetchFacts(std::move(wanted));
    if (!fetched.ok()) return fetched.status();
    for (CustomerFacts& customer : *fetched) facts[customer.id] = std::move(customer);
  }
  const auto facts_of = [&facts](const std::string& id) -> std::optional<CustomerFacts> {
    const auto found = facts.find(id);
    if (found == facts.end()) return std::nullopt;
    return found->second;
  };

  events::FollowedPage followed{.next_token = page.next_page_token(),
                                .at_end = page.changes_size() < kPageSize};
  for (const customer::v1::CustomerChange& change : page.changes()) {
    const std::string id = ParseCustomerName(change.customer()).value_or("");
    std::function<absl::Status(pqxx::work&)> apply = [](pqxx::work&) { return absl::OkStatus(); };
    if (change.type() == customer::v1::CustomerChange::MERGED) {
      const std::string survivor = ParseCustomerName(change.merged_into()).value_or("");
      if (!id.empty() && !survivor.empty()) {
        // The merged customer's node becomes the survivor's, which then
        // takes the survivor's facts.
        apply = [this, id, survivor, facts = facts_of(survivor)](pqxx::work& tx) -> absl::Status {
          absl::StatusOr<bool> followed = store_.FollowMerge(tx, id, survivor);
          if (!followed.ok()) return followed.status();
          if (facts.has_value()) store_.RefreshCustomer(tx, *facts);
          return absl::OkStatus();
        };
      }
    } else if (std::optional<CustomerFacts> current = facts_of(id)) {
      apply = [this, current = *std::move(current)](pqxx::work& tx) {
        store_.RefreshCustomer(tx, current);
        return absl::OkStatus();
      };
    }
    followed.events.push_back({.event_id = change.event_id(), .apply = std::move(apply)});
  }
  return followed;
}

}  // namespace crm::hierarchy
