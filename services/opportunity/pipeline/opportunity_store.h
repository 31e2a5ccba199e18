#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_STORE_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_STORE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/clock/clock.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/replicas/customer/replicated_customer.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/opportunity/rules/stage_model.h"

namespace crm::opportunity {

// An opportunity as the pipeline changes it: the API's view plus what only
// the store keeps.
struct StoredOpportunity {
  v1::Opportunity view;  // as the API shows it (name, etag, times set by the store)
  std::string id;        // lower-case UUIDs
  std::string customer_id;
  // The owner org unit's ancestors, root first, ending with itself.
  std::vector<std::string> owner_org_unit_path;
  std::array<int, 8> stage_days{};  // whole days spent in each stage left, by Stage number
  int furthest_stage = 1;
  bool has_decision_maker = false;
};

// What a change did, for the history and the feed.
struct ChangeNote {
  v1::OpportunityEvent::Type event = v1::OpportunityEvent::OPPORTUNITY_UPDATED;
  // For stage changes: whole days in the stage left, the stages skipped
  // going forward, and a reopening's reason.
  std::optional<int> days_in_previous_stage;
  std::vector<v1::Stage> skipped_stages;
  std::string reason;
};

// Filters of ListOpportunities, as ids ("" : no filter).
struct OpportunityFilter {
  std::string customer_id;
  std::string owner_user;      // users/{user}
  std::string owner_org_unit;  // orgUnits/{unit}: its subtree
  std::vector<int> stages;     // empty: all
};

// Where a page of ListOpportunities starts: after (create_time, id).
struct OpportunityCursor {
  int64_t create_micros = 0;
  std::string id;
};

// Opportunities, their stage history and the stage model in PostgreSQL
// (schema opportunity). Every read and change applies the caller's data scope
// in its SQL: out of scope is PERMISSION_DENIED (OPPORTUNITY_NOT_IN_SCOPE)
// whether or not the opportunity exists; only callers who see everything
// learn NOT_FOUND. Every change runs in one transaction with its request-log
// entry, its history row and its event.
class OpportunityStore final {
 public:
  OpportunityStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
                   const events::Outbox& outbox, const clock::Clock& clock)
      : pool_(pool), request_log_(request_log), outbox_(outbox), clock_(clock) {}

  static std::vector<pg::PreparedStatement> Statements();

  // The stage model in force (the newest version).
  absl::StatusOr<StageModel> CurrentStageModel();
  // With its etag and update time.
  absl::StatusOr<v1::StageModel> CurrentStageModelView();
  // Stores `model` as the next version when `expected_version` is the
  // current one (ABORTED otherwise).
  absl::StatusOr<v1::StageModel> UpdateStageModel(const request::Actor& actor,
                                                  const StageModel& model,
                                                  int64_t expected_version);

  // Creates `initial` (its id, customer and fields set; stage, probability and
  // forecast decided) on `customer`, after checking in SQL that the customer
  // is in the caller's scope. Writes the first history row and
  // OPPORTUNITY_CREATED.
  absl::StatusOr<v1::Opportunity> Create(const request::Actor& actor,
                                         const replicas::ReplicatedCustomer& customer,
                                         StoredOpportunity initial);

  // The change `change` makes to opportunity `id` as it is under a row lock,
  // when the caller may see it and `expected_version` (when set) is its
  // version. `change` edits the opportunity and says what it did; the store
  // writes it, a history row when the stage, amount, expected close date,
  // probability or forecast category changed, and the event.
  using ChangeFn = absl::FunctionRef<absl::StatusOr<ChangeNote>(
      StoredOpportunity& opportunity, const StageModel& model, absl::Time now)>;
  absl::StatusOr<v1::Opportunity> Change(const request::Actor& actor, const std::string& id,
                                         std::optional<int64_t> expected_version, ChangeFn change);

  absl::StatusOr<v1::Opportunity> Get(const auth::v1::Principal& principal, const std::string& id);
  // Newest first, after `cursor`; up to `limit`.
  absl::StatusOr<std::vector<v1::Opportunity>> List(const auth::v1::Principal& principal,
                                                    const OpportunityFilter& filter,
                                                    const OpportunityCursor& cursor, int limit);
  // Oldest first, after history row `after_id`; each with its row id.
  struct HistoryRow {
    int64_t id = 0;
    v1::OpportunityHistoryEntry entry;
  };
  absl::StatusOr<std::vector<HistoryRow>> History(const auth::v1::Principal& principal,
                                                  const std::string& id, int64_t after_id,
                                                  int limit);

  // Whether customers `a` and `b` sit in one customer group (the group
  // replica, replica_group_nodes).
  absl::StatusOr<bool> SameGroup(const std::string& a, const std::string& b);

  // The org-unit path of `unit` for an opportunity `principal` creates or
  // hands over: the caller's own path for its own unit; else, when `unit` is
  // in the caller's scope, the caller's path followed by `unit` (the signed
  // principal names no other unit's ancestors; a unit in scope sits below the
  // caller's). PERMISSION_DENIED (ORG_UNIT_NOT_IN_SCOPE) otherwise.
  static absl::StatusOr<std::vector<std::string>> OwnerPathFor(const auth::v1::Principal& principal,
                                                               const std::string& unit);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
  const events::Outbox& outbox_;
  const clock::Clock& clock_;
};

// PERMISSION_DENIED (OPPORTUNITY_NOT_IN_SCOPE) for `name`, or NOT_FOUND
// (OPPORTUNITY_NOT_FOUND) for a caller who sees everything.
absl::Status OpportunityUnreachable(const auth::v1::Principal& principal, const std::string& id);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_OPPORTUNITY_STORE_H_
