#include "services/scoring/facts/facts_refresher.h"

#include <algorithm>
#include <map>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/facts/dirty_customers.h"
#include "services/scoring/facts/facts_builder.h"
#include "services/scoring/facts/facts_store.h"
#include "services/scoring/scores/customer_scoring.h"

namespace crm::scoring {
namespace {

using google::protobuf::util::TimeUtil;

// The oldest marks first; another refresher's are skipped.
constexpr char kTakeDirty[] = "scoring.facts_take_dirty";
constexpr char kTakeDirtySql[] =
    "SELECT customer_id::text, coalesce(rebuild_id::text, '') FROM scoring.dirty_customers"
    " ORDER BY mark_time, customer_id LIMIT $1 FOR UPDATE SKIP LOCKED";

constexpr char kClearDirty[] = "scoring.facts_clear_dirty";
constexpr char kClearDirtySql[] =
    "DELETE FROM scoring.dirty_customers WHERE customer_id = $1::uuid";

// A customer whose facts could not be fetched goes to the back of the queue.
constexpr char kRequeueDirty[] = "scoring.facts_requeue_dirty";
constexpr char kRequeueDirtySql[] =
    "UPDATE scoring.dirty_customers"
    " SET mark_time = 'epoch'::timestamptz + $2::bigint * interval '1 microsecond'"
    " WHERE customer_id = $1::uuid";

// 1 active, 2 deleted, 3 merged; no row: the customer service does not
// know it.
constexpr char kReplicaState[] = "scoring.facts_replica_state";
constexpr char kReplicaStateSql[] =
    "SELECT state FROM scoring.replica_customers WHERE customer_id = $1::uuid";

constexpr char kAdvanceRebuild[] = "scoring.facts_advance_rebuild";
constexpr char kAdvanceRebuildSql[] =
    "UPDATE scoring.facts_rebuilds SET customers_done = customers_done + $2"
    " WHERE id = $1::uuid";

// Running rebuilds none of whose marks is left succeed.
constexpr char kFinishRebuilds[] = "scoring.facts_finish_rebuilds";
constexpr char kFinishRebuildsSql[] =
    "UPDATE scoring.facts_rebuilds r SET state = 2,"
    " end_time = 'epoch'::timestamptz + $1::bigint * interval '1 microsecond',"
    " customers_done = greatest(r.customers_done, r.customers_total)"
    " WHERE r.state = 1 AND NOT EXISTS"
    " (SELECT 1 FROM scoring.dirty_customers d WHERE d.rebuild_id = r.id)";

// Pages asked of a peer for one customer's list, at most.
constexpr int kMaxPages = 1000;
// Activities older than this are no longer read once a visit was seen (the
// facts show 24 months).
constexpr absl::Duration kActivityHorizon = absl::Hours(24 * 800);

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

bool SignedOnce(const contract::v1::Contract& contract) {
  switch (contract.state()) {
    case contract::v1::SIGNED:
    case contract::v1::ACTIVE:
    case contract::v1::EXPIRED:
    case contract::v1::TERMINATED:
      return true;
    default:
      return false;
  }
}

// What the peers say about one customer, asked as the service.
class PeerFetch {
 public:
  PeerFetch(const PeerClients* peers, const FactsRefresherOptions& options, absl::Time now)
      : peers_(peers), options_(options), now_(now) {}

  // Everything the builder reads, and the notes of the peers not asked.
  absl::Status Fetch(const std::string& customer_id, PeerFacts& facts,
                     std::vector<std::string>& notes) const {
    const std::string customer = names::CustomerName(customer_id);
    if (peers_ == nullptr || peers_->opportunities() == nullptr) {
      notes.push_back("opportunities and activities not read: no opportunity service address");
    } else {
      if (absl::Status s = Opportunities(customer, facts); !s.ok()) return s;
      if (absl::Status s = Activities(customer, facts); !s.ok()) return s;
    }
    if (peers_ == nullptr || peers_->contracts() == nullptr) {
      notes.push_back("contracts and receivables not read: no contract service address");
    } else if (absl::Status s = Contracts(customer, facts); !s.ok()) {
      return s;
    }
    if (peers_ == nullptr || peers_->collaboration() == nullptr) {
      notes.push_back("collaboration requests not read: no collaboration service address");
    } else if (absl::Status s = Requests(customer, facts); !s.ok()) {
      return s;
    }
    return absl::OkStatus();
  }

 private:
  // A peer's answer as a status naming what was asked.
  static absl::Status Failed(const grpc::Status& status, const char* call, const std::string& of) {
    absl::Status failed = status::FromGrpc(status);
    return absl::Status(failed.code(), crm::StrCat(call, " of ", of, ": ", failed.message()));
  }

  absl::Status Opportunities(const std::string& customer, PeerFacts& facts) const {
    opportunity::v1::ListOpportunitiesRequest request;
    request.set_customer(customer);
    request.set_page_size(std::min(options_.page_size, 1000));
    for (int pages = 0; pages < kMaxPages; ++pages) {
      opportunity::v1::ListOpportunitiesResponse page;
      const grpc::Status status =
          peers_->opportunities()->ListOpportunities(peers_->NewContext().get(), request, &page);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
      if (!status.ok()) return Failed(status, "ListOpportunities", customer);
      for (opportunity::v1::Opportunity& opportunity : *page.mutable_opportunities()) {
        facts.opportunities.push_back(std::move(opportunity));
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return absl::OkStatus();
  }

  // Newest first: stops once past the horizon with a visit seen.
  absl::Status Activities(const std::string& customer, PeerFacts& facts) const {
    opportunity::v1::ListActivitiesRequest request;
    request.set_customer(customer);
    request.set_page_size(std::min(options_.page_size, 1000));
    bool visited = false;
    for (int pages = 0; pages < kMaxPages; ++pages) {
      opportunity::v1::ListActivitiesResponse page;
      const grpc::Status status =
          peers_->opportunities()->ListActivities(peers_->NewContext().get(), request, &page);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
      if (!status.ok()) return Failed(status, "ListActivities", customer);
      bool past_horizon = false;
      for (opportunity::v1::Activity& activity : *page.mutable_activities()) {
        if (activity.type() == opportunity::v1::Activity::VISIT ||
            activity.type() == opportunity::v1::Activity::SERVICE_VISIT) {
          visited = true;
        }
        if (TimeOf(activity.occur_time()) < now_ - kActivityHorizon) past_horizon = true;
        facts.activities.push_back(std::move(activity));
      }
      if (page.next_page_token().empty() || (past_horizon && visited)) break;
      request.set_page_token(page.next_page_token());
    }
    return absl::OkStatus();
  }

  absl::Status Contracts(const std::string& customer, PeerFacts& facts) const {
    contract::v1::ListContractsRequest request;
    request.set_customer(customer);
    request.set_page_size(std::min(options_.page_size, 500));
    for (int pages = 0; pages < kMaxPages; ++pages) {
      contract::v1::ListContractsResponse page;
      const grpc::Status status =
          peers_->contracts()->ListContracts(peers_->NewContext().get(), request, &page);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
      if (!status.ok()) return Failed(status, "ListContracts", customer);
      for (contract::v1::Contract& contract : *page.mutable_contracts()) {
        facts.contracts.push_back({.contract = std::move(contract), .receipts = {}});
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    if (facts.contracts.empty()) return absl::OkStatus();
    for (ContractFacts& entry : facts.contracts) {
      if (!SignedOnce(entry.contract)) continue;
      if (absl::Status s = Receipts(entry); !s.ok()) return s;
    }
    contract::v1::GetReceivablesRequest receivables;
    receivables.set_customer(customer);
    receivables.set_currency_code(kFactsCurrency);
    contract::v1::Receivables answer;
    const grpc::Status status =
        peers_->contracts()->GetReceivables(peers_->NewContext().get(), receivables, &answer);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
    if (!status.ok()) return Failed(status, "GetReceivables", customer);
    facts.receivables = std::move(answer);
    return absl::OkStatus();
  }

  absl::Status Receipts(ContractFacts& entry) const {
    contract::v1::ListReceiptsRequest request;
    request.set_parent(entry.contract.name());
    request.set_page_size(std::min(options_.page_size, 500));
    for (int pages = 0; pages < kMaxPages; ++pages) {
      contract::v1::ListReceiptsResponse page;
      const grpc::Status status =
          peers_->contracts()->ListReceipts(peers_->NewContext().get(), request, &page);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
      if (!status.ok()) return Failed(status, "ListReceipts", entry.contract.name());
      for (contract::v1::Receipt& receipt : *page.mutable_receipts()) {
        entry.receipts.push_back(std::move(receipt));
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return absl::OkStatus();
  }

  absl::Status Requests(const std::string& customer, PeerFacts& facts) const {
    collaboration::v1::ListCollaborationRequestsRequest request;
    request.set_customer(customer);
    request.set_page_size(std::min(options_.page_size, 1000));
    for (int pages = 0; pages < kMaxPages; ++pages) {
      collaboration::v1::ListCollaborationRequestsResponse page;
      const grpc::Status status = peers_->collaboration()->ListCollaborationRequests(
          peers_->NewContext().get(), request, &page);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
      if (!status.ok()) return Failed(status, "ListCollaborationRequests", customer);
      for (collaboration::v1::CollaborationRequest& found :
           *page.mutable_collaboration_requests()) {
        facts.requests.push_back(std::move(found));
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return absl::OkStatus();
  }

  const PeerClients* peers_;
  const FactsRefresherOptions& options_;
  const absl::Time now_;
};

}  // namespace

FactsRefresher::FactsRefresher(const ScoringContext& context, FactsRefresherOptions options)
    : context_(context), options_(options) {}

FactsRefresher::~FactsRefresher() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

std::vector<pg::PreparedStatement> FactsRefresher::Statements() {
  std::vector<pg::PreparedStatement> statements = {
      {kTakeDirty, kTakeDirtySql},           {kClearDirty, kClearDirtySql},
      {kRequeueDirty, kRequeueDirtySql},     {kReplicaState, kReplicaStateSql},
      {kAdvanceRebuild, kAdvanceRebuildSql}, {kFinishRebuilds, kFinishRebuildsSql}};
  for (const pg::PreparedStatement& statement : FactsStoreStatements()) {
    statements.push_back(statement);
  }
  for (const pg::PreparedStatement& statement : CustomerScoringStatements()) {
    statements.push_back(statement);
  }
  return statements;
}

void FactsRefresher::Start() {
  thread_ = std::thread([this] {
    do {
      (void)RefreshOnce();  // logged and kept in LastError()
    } while (!stop_.WaitForNotificationWithTimeout(options_.interval));
  });
}

std::string FactsRefresher::LastError() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

absl::StatusOr<int64_t> FactsRefresher::RefreshOnce() {
  int64_t refreshed = 0;
  absl::Status status;
  for (int batches = 0; batches < options_.max_batches_per_round; ++batches) {
    absl::StatusOr<BatchOutcome> batch = RefreshBatch();
    if (!batch.ok()) {
      status = batch.status();
      break;
    }
    refreshed += batch->refreshed;
    if (!batch->first_error.ok() && batch->refreshed == 0) {
      status = batch->first_error;  // nothing got through: try again next round
      break;
    }
    if (batch->taken < options_.batch_size) break;
  }
  if (status.ok()) {
    // Rebuilds whose last customers another refresher finished.
    status = pg::RunInTransaction(*context_.pool,
                                  [&](pqxx::work& tx) {
                                    tx.exec_prepared0(kFinishRebuilds,
                                                      absl::ToUnixMicros(context_.clock->Now()));
                                    return absl::OkStatus();
                                  },
                                  {.operation = "scoring.facts_finish_rebuilds"});
  }
  {
    absl::MutexLock lock(&mu_);
    last_error_ = status.ok() ? "" : std::string(status.message());
  }
  if (!status.ok()) {
    log::Error("facts refresher round failed", {{"error", std::string(status.message())}});
    return status;
  }
  return refreshed;
}

absl::StatusOr<FactsRefresher::BatchOutcome> FactsRefresher::RefreshBatch() {
  BatchOutcome outcome;
  absl::Status status = pg::RunInTransaction(
      *context_.pool,
      [&](pqxx::work& tx) -> absl::Status {
        outcome = BatchOutcome();
        const absl::Time now = context_.clock->Now();
        const pqxx::result taken =
            tx.exec_prepared(kTakeDirty, std::clamp(options_.batch_size, 1, 1000));
        outcome.taken = static_cast<int>(taken.size());
        std::map<std::string, int64_t> done_per_rebuild;
        for (const pqxx::row& row : taken) {
          const std::string customer_id = row[0].as<std::string>();
          const std::string rebuild_id = row[1].as<std::string>();
          // What the peers say; nullopt: the customer is gone.
          absl::StatusOr<std::optional<BuiltFacts>> gathered = Gather(tx, customer_id, now);
          if (!gathered.ok()) {
            log::Warn("facts refresher could not refresh a customer; it is retried later",
                      {{"customer_id", customer_id},
                       {"error", std::string(gathered.status().message())}});
            if (outcome.first_error.ok()) outcome.first_error = gathered.status();
            tx.exec_prepared0(kRequeueDirty, customer_id, absl::ToUnixMicros(now));
            continue;
          }
          // Our own database's errors roll the batch back.
          if (gathered->has_value()) {
            if (absl::Status s = WriteFacts(tx, customer_id, **gathered, now); !s.ok()) return s;
            if (absl::Status s = ScoreCustomer(tx, context_, customer_id, now); !s.ok()) return s;
          } else {
            if (absl::Status s = DeleteFacts(tx, customer_id); !s.ok()) return s;
            if (absl::Status s = ForgetCustomer(tx, context_, customer_id, now); !s.ok()) return s;
          }
          tx.exec_prepared0(kClearDirty, customer_id);
          ++outcome.refreshed;
          if (!rebuild_id.empty()) ++done_per_rebuild[rebuild_id];
        }
        for (const auto& [rebuild_id, done] : done_per_rebuild) {
          tx.exec_prepared0(kAdvanceRebuild, rebuild_id, done);
        }
        if (!done_per_rebuild.empty()) {
          tx.exec_prepared0(kFinishRebuilds, absl::ToUnixMicros(now));
        }
        return absl::OkStatus();
      },
      {.operation = "scoring.facts_refresh"});
  if (!status.ok()) return status;
  return outcome;
}

absl::StatusOr<std::optional<BuiltFacts>> FactsRefresher::Gather(pqxx::work& tx,
                                                                 const std::string& customer_id,
                                                                 absl::Time now) const {
  // The replica must know the customer: its owner is what the scores and
  // the scope read.
  if (absl::Status stored = StoreCustomer(context_, customer_id); !stored.ok()) return stored;
  const pqxx::result state = tx.exec_prepared(kReplicaState, customer_id);
  // Merged away, deleted, or unknown to the customer service.
  if (state.empty() || state[0][0].as<int>() != 1) return std::nullopt;
  PeerFacts peers;
  std::vector<std::string> not_asked;
  if (absl::Status s =
          PeerFetch(context_.peers, options_, now).Fetch(customer_id, peers, not_asked);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, now);
  if (!built.ok()) return built.status();
  for (std::string& note : not_asked) built->notes.push_back(std::move(note));
  return std::optional<BuiltFacts>(*std::move(built));
}

}  // namespace crm::scoring
