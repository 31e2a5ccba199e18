#include "services/scoring/facts/facts_handlers.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/roles.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/facts/dirty_customers.h"
#include "services/scoring/facts/facts_builder.h"
#include "services/scoring/facts/facts_refresher.h"
#include "services/scoring/facts/facts_store.h"
#include "services/scoring/facts/feed_followers.h"
#include "services/scoring/rules/errors.h"

namespace crm::scoring {
namespace {

using google::protobuf::util::TimeUtil;

// The months CustomerFacts shows, ending with the current one.
constexpr int kMonthsShown = 24;

#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"
#define REBUILD_COLUMNS                                                                  \
  "id::text, state, customers_total, customers_done, " MICROS("start_time") ", " MICROS( \
      "end_time") ", error, started_by"

constexpr char kRunningRebuild[] = "scoring.facts_running_rebuild";
constexpr char kRunningRebuildSql[] =
    "SELECT " REBUILD_COLUMNS " FROM scoring.facts_rebuilds WHERE state = 1";

constexpr char kGetRebuild[] = "scoring.facts_get_rebuild";
constexpr char kGetRebuildSql[] =
    "SELECT " REBUILD_COLUMNS " FROM scoring.facts_rebuilds WHERE id = $1::uuid";

// A second running rebuild is refused by facts_rebuilds_one_running: then
// nothing is inserted and the running one is returned.
constexpr char kInsertRebuild[] = "scoring.facts_insert_rebuild";
constexpr char kInsertRebuildSql[] =
    "INSERT INTO scoring.facts_rebuilds (id, state, start_time, started_by)"
    " VALUES ($1::uuid, 1, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3)"
    " ON CONFLICT DO NOTHING";

// The followed feeds start again from their oldest event.
constexpr char kResetFeeds[] = "scoring.facts_reset_feeds";
constexpr char kResetFeedsSql[] =
    "UPDATE scoring.followed_feeds SET token = '', update_time = clock_timestamp()"
    " WHERE feed = ANY($1::text[])";
constexpr char kForgetFeedEvents[] = "scoring.facts_forget_feed_events";
constexpr char kForgetFeedEventsSql[] =
    "DELETE FROM scoring.followed_events WHERE feed = ANY($1::text[])";

// Every live customer of the replica and every customer with facts (gone
// ones lose them), marked for the rebuild; customers marked already join it
// where they are in the queue.
constexpr char kMarkAll[] = "scoring.facts_mark_all";
constexpr char kMarkAllSql[] =
    "INSERT INTO scoring.dirty_customers (customer_id, mark_time, rebuild_id)"
    " SELECT c.customer_id, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond',"
    " $1::uuid FROM (SELECT customer_id FROM scoring.replica_customers WHERE state = 1"
    " UNION SELECT customer_id FROM scoring.customer_facts) c"
    " ON CONFLICT (customer_id) DO UPDATE SET rebuild_id = EXCLUDED.rebuild_id";

constexpr char kSetTotal[] = "scoring.facts_set_rebuild_total";
constexpr char kSetTotalSql[] =
    "UPDATE scoring.facts_rebuilds SET customers_total = $2::bigint,"
    " state = CASE WHEN $2::bigint = 0 THEN 2 ELSE state END,"
    " end_time = CASE WHEN $2::bigint = 0 THEN start_time ELSE end_time END"
    " WHERE id = $1::uuid";

#undef REBUILD_COLUMNS
#undef MICROS

google::protobuf::Timestamp TimestampOf(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code(kFactsCurrency);
  money.set_minor_units(fen);
  return money;
}

v1::FactsRebuild RebuildOf(const pqxx::row& row) {
  v1::FactsRebuild rebuild;
  rebuild.set_name(FactsRebuildName(row[0].as<std::string>()));
  rebuild.set_state(static_cast<v1::FactsRebuild::State>(row[1].as<int>()));
  rebuild.set_customers_total(row[2].as<int64_t>());
  rebuild.set_customers_done(row[3].as<int64_t>());
  *rebuild.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  if (const int64_t end = row[5].as<int64_t>(); end >= 0) {
    *rebuild.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(end);
  }
  rebuild.set_error(row[6].as<std::string>());
  rebuild.set_started_by(row[7].as<std::string>());
  return rebuild;
}

// The facts as CustomerFacts shows them at `now`.
void FillFacts(const StoredFacts& stored, absl::Time now, v1::CustomerFacts& out) {
  const FactsSnapshot& facts = stored.snapshot;
  const absl::CivilMonth current(clock::BusinessDayOf(now));
  std::map<absl::CivilMonth, const MonthFacts*> by_month;
  for (const MonthFacts& month : facts.months) by_month[month.month] = &month;
  for (absl::CivilMonth month = current - (kMonthsShown - 1); month <= current; ++month) {
    const auto found = by_month.find(month);
    const MonthFacts* figures = found == by_month.end() ? nullptr : found->second;
    const std::string label = absl::FormatCivilTime(month).substr(0, 7);  // "2026-11"
    v1::MonthFigure* purchases = out.add_purchases();
    purchases->set_month(label);
    purchases->set_value(figures == nullptr ? 0 : figures->purchases_minor);
    v1::MonthFigure* receipts = out.add_receipts();
    receipts->set_month(label);
    receipts->set_value(figures == nullptr ? 0 : figures->receipts_minor);
    v1::MonthFigure* complaints = out.add_complaints();
    complaints->set_month(label);
    complaints->set_value(figures == nullptr ? 0 : figures->complaints);
  }
  if (facts.first_signed_date.has_value()) {
    *out.mutable_first_signed_date() = validation::FromCivilDay(*facts.first_signed_date);
  }
  *out.mutable_pipeline_open() = Cny(facts.pipeline_open_minor);
  *out.mutable_pipeline_weighted() = Cny(facts.pipeline_weighted_minor);
  *out.mutable_active_contract_value() = Cny(facts.active_contract_minor);
  *out.mutable_receivable() = Cny(facts.receivable_minor);
  *out.mutable_overdue() = Cny(facts.overdue_minor);
  out.set_overdue_days(facts.overdue_days);
  if (facts.last_activity_time.has_value()) {
    *out.mutable_last_activity_time() = TimestampOf(*facts.last_activity_time);
  }
  if (facts.last_visit_time.has_value()) {
    *out.mutable_last_visit_time() = TimestampOf(*facts.last_visit_time);
  }
  out.set_expiring_without_renewal(facts.expiring_without_renewal);
  out.set_delivery_problems(facts.delivery_problems);
  out.set_open_collaboration_requests(facts.open_requests);
  if (facts.satisfaction_latest.has_value()) {
    out.mutable_satisfaction_latest()->set_value(*facts.satisfaction_latest);
  }
  if (facts.satisfaction_previous.has_value()) {
    out.mutable_satisfaction_previous()->set_value(*facts.satisfaction_previous);
  }
  if (facts.margin_bp.has_value()) out.mutable_margin_bp()->set_value(*facts.margin_bp);
  out.set_strategic(facts.strategic);
  *out.mutable_refresh_time() = TimestampOf(stored.refresh_time);
}

}  // namespace

std::vector<pg::PreparedStatement> FactsHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = {{kRunningRebuild, kRunningRebuildSql},
                                                   {kGetRebuild, kGetRebuildSql},
                                                   {kInsertRebuild, kInsertRebuildSql},
                                                   {kResetFeeds, kResetFeedsSql},
                                                   {kForgetFeedEvents, kForgetFeedEventsSql},
                                                   {kMarkAll, kMarkAllSql},
                                                   {kSetTotal, kSetTotalSql}};
  for (const std::vector<pg::PreparedStatement>& more :
       {FactsStoreStatements(), FactsRefresher::Statements(), FeedFollowers::Statements()}) {
    statements.insert(statements.end(), more.begin(), more.end());
  }
  return statements;
}

absl::Status FactsHandlers::GetCustomerFacts(const Actor& actor,
                                             const v1::GetCustomerFactsRequest& request,
                                             v1::CustomerFacts& response, Violations& violations) {
  const std::optional<std::string> customer_id = names::ParseCustomerName(request.customer());
  if (!customer_id.has_value()) {
    violations.Add("customer", request.customer().empty()
                                   ? "customer: required, customers/{customer} with a UUID"
                                   : crm::StrCat("customer: ", request.customer(),
                                                 " is not customers/{customer} with a UUID"));
    return violations.ToStatus(kErrorDomain);
  }
  if (absl::Status stored = StoreCustomer(context_, *customer_id); !stored.ok()) return stored;
  const absl::Time now = context_.clock->Now();
  std::optional<StoredFacts> facts;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status visible = CheckCustomerVisible(tx, actor.principal, *customer_id);
            !visible.ok()) {
          return visible;
        }
        absl::StatusOr<std::optional<StoredFacts>> read = ReadStoredFacts(tx, *customer_id, now);
        if (!read.ok()) return read.status();
        facts = *std::move(read);
        return absl::OkStatus();
      },
      "scoring.get_customer_facts");
  if (!status.ok()) return status;
  response.Clear();
  response.set_customer(names::CustomerName(*customer_id));
  if (facts.has_value()) FillFacts(*facts, now, response);
  return absl::OkStatus();
}

absl::Status FactsHandlers::StartFactsRebuild(const Actor& actor,
                                              const v1::StartFactsRebuildRequest&,
                                              v1::FactsRebuild& response, Violations& violations) {
  // A request_id the edge refused is the only violation this request can
  // have.
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, kErrorDomain, kReasonHqAdminRequired,
        crm::StrCat(caller.user(), " is not hq_admin; only HQ rebuilds the fact table"),
        {{"user", caller.user()}});
  }
  const absl::Time now = context_.clock->Now();
  absl::StatusOr<v1::FactsRebuild> started = idempotency::RunIdempotent<v1::FactsRebuild>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::FactsRebuild> {
        const std::string id = crypto::NewUuid();
        const bool inserted =
            tx.exec_prepared(kInsertRebuild, id, absl::ToUnixMicros(now), caller.user())
                .affected_rows() == 1;
        if (!inserted) {
          // One runs already: this is it.
          const pqxx::result running = tx.exec_prepared(kRunningRebuild);
          if (running.empty()) {
            return status::Error(absl::StatusCode::kAborted, kErrorDomain, "DB_CONFLICT",
                                 "a rebuild finished while this one started; retry");
          }
          return RebuildOf(running[0]);
        }
        const std::string feeds =
            auth::TextArrayLiteral({kOpportunityFeed, kContractFeed, kCollaborationFeed});
        tx.exec_prepared0(kResetFeeds, feeds);
        tx.exec_prepared0(kForgetFeedEvents, feeds);
        const int64_t total =
            tx.exec_prepared(kMarkAll, id, absl::ToUnixMicros(now)).affected_rows();
        tx.exec_prepared0(kSetTotal, id, total);
        const pqxx::result stored = tx.exec_prepared(kGetRebuild, id);
        return RebuildOf(stored[0]);
      });
  if (!started.ok()) return started.status();
  response = *std::move(started);
  return absl::OkStatus();
}

absl::Status FactsHandlers::GetFactsRebuild(const Actor& actor,
                                            const v1::GetFactsRebuildRequest& request,
                                            v1::FactsRebuild& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::HasRole(caller, auth::kRoleHqAdmin) && !auth::HasRole(caller, auth::kRoleStrategy)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kErrorDomain, kReasonRoleNotAllowed,
                         crm::StrCat(caller.user(),
                                     " holds neither hq_admin nor strategy; only they follow a "
                                     "facts rebuild"),
                         {{"user", caller.user()}});
  }
  absl::StatusOr<std::string> id = ParseFactsRebuildName(request.name());
  if (!id.ok()) {
    violations.Add("name", crm::StrCat("name: ", id.status().message()));
    return violations.ToStatus(kErrorDomain);
  }
  std::optional<v1::FactsRebuild> found;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(kGetRebuild, *id);
        if (!rows.empty()) found = RebuildOf(rows[0]);
        return absl::OkStatus();
      },
      "scoring.get_facts_rebuild");
  if (!status.ok()) return status;
  if (!found.has_value()) {
    return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonFactsRebuildNotFound,
                         crm::StrCat(request.name(), " does not exist"),
                         {{"name", request.name()}});
  }
  response = *std::move(found);
  return absl::OkStatus();
}

}  // namespace crm::scoring
