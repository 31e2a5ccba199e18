#include "libs/replicas/customer/customer_replica.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {
namespace {

using customer::v1::CustomerChange;

// Changes per page; their customers are one BatchGetCustomers (at most 1000).
constexpr int kPageSize = 500;
constexpr absl::Duration kRetryDelay = absl::Seconds(1);

std::string ErrorDomainOf(const CustomerReplicaOptions& options) {
  if (!options.error_domain.empty()) return options.error_domain;
  return crm::StrCat(absl::StripPrefix(options.service, "services/"), ".crm");
}

}  // namespace

CustomerReplica::CustomerReplica(pg::ConnectionPool& pool, std::shared_ptr<grpc::Channel> customers,
                                 auth::PrincipalSigner signer, CustomerReplicaOptions options,
                                 CustomerReplicaHooks hooks)
    : pool_(pool),
      options_(std::move(options)),
      error_domain_(ErrorDomainOf(options_)),
      hooks_(std::move(hooks)),
      fetcher_(std::move(customers), std::move(signer), options_.service),
      store_(options_.schema),
      follower_(pool,
                {.schema = options_.schema, .feed = options_.feed, .interval = options_.interval},
                [this](const std::string& token) { return ReadPage(token); }) {}

std::vector<pg::PreparedStatement> CustomerReplica::Statements(std::string_view schema) {
  std::vector<pg::PreparedStatement> statements = events::Follower::Statements(schema);
  for (const pg::PreparedStatement& s : ReplicaStore::Statements(schema)) statements.push_back(s);
  return statements;
}

absl::StatusOr<events::FollowedPage> CustomerReplica::ReadPage(const std::string& token) {
  absl::StatusOr<customer::v1::ListCustomerChangesResponse> page =
      fetcher_.ListChanges(token, kPageSize, options_.call_timeout);
  if (!page.ok()) return page.status();

  // Every changed customer as it is now, read once for the page; a MERGED
  // change needs no read (the survivor's own change follows it).
  std::vector<std::string> ids;
  absl::flat_hash_set<std::string> asked;
  for (const CustomerChange& change : page->changes()) {
    if (change.type() == CustomerChange::MERGED) continue;
    std::optional<std::string> id = names::ParseCustomerName(change.customer());
    if (id.has_value() && asked.insert(*id).second) ids.push_back(*std::move(id));
  }
  absl::flat_hash_map<std::string, ReplicatedCustomer> current;
  if (!ids.empty()) {
    absl::StatusOr<std::vector<ReplicatedCustomer>> fetched =
        fetcher_.BatchGet(std::move(ids), options_.call_timeout);
    if (!fetched.ok()) return fetched.status();
    for (ReplicatedCustomer& customer : *fetched) {
      std::string id = customer.id;
      current.emplace(std::move(id), std::move(customer));
    }
  }
  const auto current_of = [&current](const std::string& id) -> std::optional<ReplicatedCustomer> {
    const auto found = current.find(id);
    if (found == current.end()) return std::nullopt;
    return found->second;
  };

  events::FollowedPage followed{.next_token = page->next_page_token(),
                                .at_end = page->changes_size() < kPageSize};
  for (const CustomerChange& change : page->changes()) {
    const std::string id = names::ParseCustomerName(change.customer()).value_or("");
    const std::string survivor = names::ParseCustomerName(change.merged_into()).value_or("");
    std::function<absl::Status(pqxx::work&)> apply = [](pqxx::work&) { return absl::OkStatus(); };
    if (id.empty()) {
      // Not a customer name: nothing to apply, but the event is passed.
    } else if (change.type() == CustomerChange::MERGED) {
      if (!survivor.empty()) {
        apply = [this, merge = CustomerMerge{.merged_customer_id = id, .survivor_id = survivor},
                 version = change.version()](pqxx::work& tx) -> absl::Status {
          store_.MarkMerged(tx, merge.merged_customer_id, merge.survivor_id, version);
          return hooks_.on_merge ? hooks_.on_merge(tx, merge) : absl::OkStatus();
        };
      }
    } else if (change.type() == CustomerChange::UNMERGED) {
      apply = [this, unmerge = CustomerUnmerge{.restored_id = id, .survivor_id = survivor},
               restored = current_of(id)](pqxx::work& tx) -> absl::Status {
        // Not read when merged again meanwhile: that MERGED change follows.
        if (restored.has_value()) store_.Upsert(tx, *restored);
        if (!hooks_.on_unmerge || unmerge.survivor_id.empty()) return absl::OkStatus();
        return hooks_.on_unmerge(tx, unmerge);
      };
    } else if (std::optional<ReplicatedCustomer> customer = current_of(id)) {
      apply = [this, customer = *std::move(customer)](pqxx::work& tx) {
        store_.Upsert(tx, customer);
        return absl::OkStatus();
      };
    }
    followed.events.push_back({.event_id = change.event_id(), .apply = std::move(apply)});
  }
  return followed;
}

absl::Status CustomerReplica::CustomerNotFound(const std::string& customer_id) const {
  const std::string name = names::CustomerName(customer_id);
  return status::Error(absl::StatusCode::kNotFound, error_domain_, "CUSTOMER_NOT_FOUND",
                       crm::StrCat(name, " does not exist; check the customer's name"),
                       {{"customer", name}});
}

absl::StatusOr<ReplicatedCustomer> CustomerReplica::Get(const std::string& customer_id) {
  const std::string id = absl::AsciiStrToLower(customer_id);
  if (!names::IsUuid(id)) return CustomerNotFound(customer_id);
  std::optional<ReplicatedCustomer> stored;
  const std::string read_operation = crm::StrCat(options_.schema, ".customer_replica_get");
  absl::Status read = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        stored = store_.Read(tx, id);
        return absl::OkStatus();
      },
      read_operation);
  if (!read.ok()) return read;
  if (stored.has_value()) return *std::move(stored);

  absl::StatusOr<ReplicatedCustomer> fetched = fetcher_.Get(id, options_.fetch_timeout);
  if (!fetched.ok()) {
    if (fetched.status().code() == absl::StatusCode::kNotFound) return CustomerNotFound(id);
    log::Warn(
        "customer replica could not fetch a customer",
        {{"schema", options_.schema}, {"customer", id}, {"error", fetched.status().ToString()}});
    const std::string name = names::CustomerName(id);
    return status::WithRetryDelay(
        status::Error(absl::StatusCode::kUnavailable, error_domain_, "CUSTOMER_SERVICE_UNAVAILABLE",
                      crm::StrCat("the customer service did not answer about ", name,
                                  ", which is not known here yet; retry"),
                      {{"customer", name}}),
        kRetryDelay);
  }
  // Nothing else is known of a merged customer: it is stored when the feed
  // brings its MERGED change.
  if (fetched->state == CustomerState::kMerged) return *std::move(fetched);
  const std::string write_operation = crm::StrCat(options_.schema, ".customer_replica_fetch");
  absl::Status written = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) {
        store_.Upsert(tx, *fetched);
        stored = store_.Read(tx, id);  // the feed may have stored a newer one meanwhile
        return absl::OkStatus();
      },
      {.operation = write_operation});
  if (!written.ok()) return written;
  return stored.value_or(*std::move(fetched));
}

}  // namespace crm::replicas
