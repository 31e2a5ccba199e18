#include "services/collaboration/board/board_handlers.h"

#include <array>
#include <string>
#include <string_view>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/number_field.h"
#include "services/collaboration/board/request_filter.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"
#include "services/collaboration/core/request_row.h"

namespace crm::collaboration {
namespace {

using ::google::protobuf::util::TimeUtil;

// The open steps, in the board's order; DONE is the fifth column.
constexpr std::array<v1::CollaborationStep, 4> kOpenSteps = {v1::TO_SURVEY, v1::DESIGNING,
                                                             v1::PENDING_APPROVAL, v1::EXECUTING};

// Every statement binds $1 scope.all, $2 its org units, $3 now; the
// filter's values follow. The cards per column (a checked number) are
// written into the statement.
constexpr char kNow[] = "$3::timestamptz";

// A request aliased `r` whose response is overdue: no acknowledgement, and
// its due time passed.
std::string ResponseOverdue() {
  return crm::StrCat("(r.acknowledge_time IS NULL AND r.response_due_time < ", kNow, ")");
}

// The columns of a card of `r` (the customer's display name is read once
// per card shown, by the outer statement): overdue, id, title, customer,
// requesting org unit, urgency, step owner, step due time (microseconds; -1
// for none), response overdue, escalated, step.
std::string CardColumns(const char* overdue) {
  return crm::StrCat(overdue,
                     " AS overdue, r.id, r.title, r.customer_id, r.requesting_org_unit,"
                     " r.urgency, r.step_owner, r.step_due_time,"
                     " coalesce((extract(epoch FROM r.step_due_time) * 1000000)::bigint, -1)"
                     " AS due_micros, ",
                     ResponseOverdue(),
                     " AS response_overdue, r.escalate_time IS NOT NULL AS escalated,"
                     " r.step");
}

// What the outer statements select of a card row `c`.
constexpr char kCardSelect[] =
    "SELECT c.step, c.id::text, c.title, c.customer_id::text,"
    " coalesce((SELECT rc.display_name FROM collaboration.replica_customers rc"
    "   WHERE rc.customer_id = c.customer_id), ''),"
    " c.requesting_org_unit, c.urgency, c.step_owner, c.due_micros, c.response_overdue,"
    " c.escalated";

v1::BoardCard CardOf(const pqxx::row& row, absl::Time now) {
  v1::BoardCard card;
  card.set_request(RequestName(row[1].as<std::string>()));
  card.set_title(row[2].as<std::string>());
  card.set_customer(names::CustomerName(row[3].as<std::string>()));
  card.set_customer_display_name(row[4].as<std::string>());
  card.set_requesting_org_unit(row[5].as<std::string>());
  card.set_urgency(static_cast<v1::Urgency>(row[6].as<int>()));
  card.set_step_owner(row[7].as<std::string>());
  const int64_t due_micros = row[8].as<int64_t>();
  const auto step = static_cast<v1::CollaborationStep>(row[0].as<int>());
  if (due_micros != -1) {
    *card.mutable_step_due_time() = TimeUtil::MicrosecondsToTimestamp(due_micros);
    if (step != v1::DONE) {
      // Whole seconds, rounded down: one microsecond overdue is -1.
      const int64_t micros_left = due_micros - absl::ToUnixMicros(now);
      int64_t seconds = micros_left / 1000000;
      if (micros_left % 1000000 < 0) --seconds;
      card.set_seconds_left(seconds);
    }
  }
  card.set_response_overdue(row[9].as<bool>());
  card.set_escalated(row[10].as<bool>());
  return card;
}

}  // namespace

absl::Status BoardHandlers::GetCollaborationBoard(const Actor& actor,
                                                  const v1::GetCollaborationBoardRequest& request,
                                                  v1::CollaborationBoard& response,
                                                  Violations& violations) {
  const RequestFilter filter = ParseRequestFilter({.customer = request.customer(),
                                                   .customer_group = request.customer_group(),
                                                   .org_unit = request.org_unit(),
                                                   .urgency = request.urgency(),
                                                   .mine = request.mine()},
                                                  actor.principal, violations);
  validation::CheckRange(request.cards_per_column(), 0, kMaxCardsPerColumn, "cards_per_column",
                         violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const int cards =
      request.cards_per_column() == 0 ? kDefaultCardsPerColumn : request.cards_per_column();

  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  const absl::Time now = context_.clock->Now();
  SqlParams params;
  params.Bind(scope.all ? "true" : "false");
  params.Bind(auth::TextArrayLiteral(scope.org_units));
  params.Bind(TimeParam(now));
  // The scope and the filter: every arm of every statement repeats them, so
  // each reads its own index range.
  const std::string limit = crm::StrCat(cards);
  const std::string match =
      crm::StrCat(" AND ", RequestInScope(1, 2), RequestFilterSql(filter, params));

  // The open steps' counts from requests_board_open (whose INCLUDE columns
  // answer the overdue test), DONE's from requests_board_done: each partial
  // index's predicate is written out so the planner may use it.
  const std::string counts_sql = crm::StrCat(
      "SELECT r.step, count(*), count(*) FILTER (WHERE r.step_due_time < ", kNow, " OR ",
      ResponseOverdue(), ") FROM collaboration.requests r WHERE r.step < 5", match,
      " GROUP BY r.step UNION ALL SELECT 5, count(*), 0 FROM collaboration.requests r"
      " WHERE r.step = 5",
      match);
  // Per open step, the first `cards` of five ranges, then the first `cards`
  // of those: the step overdue (by due time); the response overdue with the
  // step not, as marked by the SLA job (requests_board_unanswered, by due
  // time) and as not marked yet (requests_response_due: those due since the
  // job's last run, all of them); neither (by due time); no due time.
  // `r.step < 5` (implied by s.step, which the planner does not know when
  // it plans) lets each range walk its partial index and stop after the
  // first `cards`.
  auto arm = [&](const char* overdue, const std::string& where, std::string_view order) {
    return crm::StrCat("(SELECT ", CardColumns(overdue),
                       " FROM collaboration.requests r WHERE r.step = s.step AND r.step < 5 AND ",
                       where, match, order.empty() ? "" : " ORDER BY ", order,
                       order.empty() ? "" : crm::StrCat(" LIMIT ", limit), ")");
  };
  const std::string step_in_time =
      crm::StrCat("(r.step_due_time >= ", kNow, " OR r.step_due_time IS NULL)");
  const std::string response_in_time =
      crm::StrCat("(r.acknowledge_time IS NOT NULL OR r.response_due_time >= ", kNow, ")");
  const std::string open_sql = crm::StrCat(
      kCardSelect,
      " FROM unnest('{1,2,3,4}'::smallint[]) AS s(step) CROSS JOIN LATERAL (SELECT * FROM (",
      arm("true", crm::StrCat("r.step_due_time < ", kNow), "r.step_due_time, r.id"), " UNION ALL ",
      arm("true",
          crm::StrCat("r.acknowledge_time IS NULL AND r.response_breach_time IS NOT NULL AND ",
                      step_in_time),
          "r.step_due_time, r.id"),
      " UNION ALL ",
      arm("true",
          crm::StrCat("r.acknowledge_time IS NULL AND r.response_breach_time IS NULL"
                      " AND r.response_due_time < ",
                      kNow, " AND ", step_in_time),
          ""),
      " UNION ALL ",
      arm("false", crm::StrCat("r.step_due_time >= ", kNow, " AND ", response_in_time),
          "r.step_due_time, r.id"),
      " UNION ALL ",
      arm("false", crm::StrCat("r.step_due_time IS NULL AND ", response_in_time),
          "r.step_due_time, r.id"),
      ") u ORDER BY u.overdue DESC, u.step_due_time NULLS LAST, u.id LIMIT ", limit,
      ") c ORDER BY c.step, c.overdue DESC, c.step_due_time NULLS LAST, c.id");
  const std::string done_sql =
      crm::StrCat(kCardSelect, " FROM (SELECT ", CardColumns("false"),
                  ", r.update_time FROM collaboration.requests r WHERE r.step = 5", match,
                  " ORDER BY r.update_time DESC, r.id DESC LIMIT ", limit,
                  ") c ORDER BY c.update_time DESC, c.id DESC");

  // The columns in the board's order.
  std::array<v1::BoardColumn*, 5> columns{};
  for (size_t i = 0; i < kOpenSteps.size(); ++i) {
    columns[i] = response.add_columns();
    columns[i]->set_step(kOpenSteps[i]);
  }
  columns[4] = response.add_columns();
  columns[4]->set_step(v1::DONE);
  auto column_of = [&](int step) -> v1::BoardColumn* {
    return step >= 1 && step <= 5 ? columns[step - 1] : nullptr;
  };

  absl::Status status = pg::RunInTransaction(
      *context_.pool,
      [&](pqxx::work& tx) -> absl::Status {
        // One snapshot for the three statements: the counts and the cards
        // agree.
        tx.exec0("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        // Short statements over index ranges: compiling them (JIT, which the
        // scope's customer arm makes the planner estimate worthwhile) or
        // starting parallel workers costs more than it saves.
        tx.exec0("SET LOCAL jit = off");
        tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
        if (absl::Status known = CheckGroupKnown(tx, filter); !known.ok()) return known;
        const auto dynamic = pqxx::prepare::make_dynamic_params(params.values());
        for (const pqxx::row& row : tx.exec_params(counts_sql, dynamic)) {
          if (v1::BoardColumn* column = column_of(row[0].as<int>())) {
            column->set_count(row[1].as<int64_t>());
            column->set_overdue_count(row[2].as<int64_t>());
          }
        }
        for (const std::string* sql : {&open_sql, &done_sql}) {
          for (const pqxx::row& row : tx.exec_params(*sql, dynamic)) {
            if (v1::BoardColumn* column = column_of(row[0].as<int>())) {
              *column->add_cards() = CardOf(row, now);
            }
          }
        }
        return absl::OkStatus();
      },
      {.operation = "collaboration.board"});
  if (!status.ok()) return status;
  *response.mutable_read_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  return absl::OkStatus();
}

}  // namespace crm::collaboration
