#include "services/opportunity/activities/activity_store.h"

#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/sql_scope.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/resource_names.h"
#include "libs/pg/text_array.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/core/opportunity_scope.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;

// An activity aliased `a`, as ActivityFromRow reads it; times in microseconds.
#define CRM_ACTIVITY_COLUMNS                                                                   \
  "a.id::text, a.customer_id::text, coalesce(a.opportunity_id::text, ''), a.type,"             \
  " (extract(epoch FROM a.occur_time) * 1000000)::bigint, a.contacts, a.summary, a.next_step," \
  " coalesce(a.next_follow_up_date::text, ''), a.complaint_severity, a.complaint_resolved,"    \
  " a.author, a.author_org_unit, (extract(epoch FROM a.create_time) * 1000000)::bigint"

// Microseconds since the epoch ($n::bigint) as a timestamptz, exactly.
#define CRM_MICROS(n) "('epoch'::timestamptz + " n "::bigint * interval '1 microsecond')"

constexpr char kCustomerInScope[] = "opportunity.activity_customer_in_scope";
constexpr char kOpportunityOf[] = "opportunity.activity_opportunity";
constexpr char kInsert[] = "opportunity.activity_insert";
constexpr char kTouchOpportunity[] = "opportunity.activity_touch_opportunity";
constexpr char kTouchCustomer[] = "opportunity.activity_touch_customer";
constexpr char kListOfCustomer[] = "opportunity.activity_list_of_customer";
constexpr char kListOfOpportunity[] = "opportunity.activity_list_of_opportunity";

constexpr char kInsertSql[] =
    "INSERT INTO opportunity.activities AS a (id, customer_id, opportunity_id, type, occur_time,"
    " contacts, summary, next_step, next_follow_up_date, complaint_severity, complaint_resolved,"
    " author, author_org_unit, create_time)"
    " VALUES ($1::uuid, $2::uuid, NULLIF($3, '')::uuid, $4::smallint, " CRM_MICROS("$5")
    ", $6::text[], $7, $8, NULLIF($9, '')::date, $10::smallint, $11::boolean, $12, $13, "
    CRM_MICROS("$14") ") RETURNING " CRM_ACTIVITY_COLUMNS;

// The opportunity's last activity only ever rises (GREATEST ignores its
// NULL); a new follow-up date ($3, '' for none) is a change of the
// opportunity ($5): version and update time move with it.
constexpr char kTouchOpportunitySql[] =
    "UPDATE opportunity.opportunities o SET"
    " last_activity_time = GREATEST(o.last_activity_time, " CRM_MICROS("$2") "),"
    " next_follow_up_date = coalesce(NULLIF($3, '')::date, o.next_follow_up_date),"
    " version = o.version + CASE WHEN $5::boolean THEN 1 ELSE 0 END,"
    " update_time = CASE WHEN $5::boolean THEN " CRM_MICROS("$4") " ELSE o.update_time END"
    " WHERE o.id = $1::uuid RETURNING o.version";

constexpr char kTouchCustomerSql[] =
    "INSERT INTO opportunity.customer_last_activity AS l (customer_id, last_activity_time)"
    " VALUES ($1::uuid, " CRM_MICROS("$2") ")"
    " ON CONFLICT (customer_id) DO UPDATE SET"
    " last_activity_time = GREATEST(l.last_activity_time, EXCLUDED.last_activity_time)";

// The list's keyset: newest first, ties by id ascending, the order of the
// indexes activities_customer and activities_opportunity. $4 is "first
// page", ($5, $6) the last row's (occur micros, id), $7 the limit.
constexpr char kListTail[] =
    " AND ($4::boolean OR a.occur_time < " CRM_MICROS("$5") " OR (a.occur_time = " CRM_MICROS(
        "$5") " AND a.id > $6::uuid))"
              " ORDER BY a.occur_time DESC, a.id LIMIT $7";

struct Sql {
  std::string customer_in_scope;
  std::string opportunity_of;
  std::string list_of_customer;
  std::string list_of_opportunity;
};

const Sql& ScopedSql() {
  static const Sql sql{
      .customer_in_scope = crm::StrCat("SELECT ", CustomerInScope("$1::uuid", 2, 3)),
      // Locks the opportunity: its customer cannot change under the insert.
      .opportunity_of = crm::StrCat("SELECT o.customer_id::text, ", OpportunityInScope(1, 2),
                                    ", coalesce(o.next_follow_up_date::text, '')",
                                    " FROM opportunity.opportunities o WHERE o.id = $3::uuid"
                                    " FOR UPDATE OF o"),
      .list_of_customer =
          crm::StrCat("SELECT " CRM_ACTIVITY_COLUMNS
                      " FROM opportunity.activities a WHERE a.customer_id = $1::uuid AND ",
                      ActivityInScope(2, 3), kListTail),
      .list_of_opportunity =
          crm::StrCat("SELECT " CRM_ACTIVITY_COLUMNS
                      " FROM opportunity.activities a WHERE a.opportunity_id = $1::uuid AND ",
                      ActivityInScope(2, 3), kListTail),
  };
  return sql;
}

v1::Activity ActivityFromRow(const pqxx::row& row) {
  v1::Activity out;
  out.set_name(ActivityName(row[0].as<std::string>()));
  out.set_customer(names::CustomerName(row[1].as<std::string>()));
  if (const std::string opportunity = row[2].as<std::string>(); !opportunity.empty()) {
    out.set_opportunity(OpportunityName(opportunity));
  }
  out.set_type(static_cast<v1::Activity::Type>(row[3].as<int>()));
  *out.mutable_occur_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  for (std::string& contact : pg::ReadTextArray(row[5])) out.add_contacts(std::move(contact));
  out.set_summary(row[6].as<std::string>());
  out.set_next_step(row[7].as<std::string>());
  if (const std::string date = row[8].as<std::string>(); !date.empty()) {
    *out.mutable_next_follow_up_date() = DateOfIso(date);
  }
  if (const int severity = row[9].as<int>(); severity != 0) {
    out.mutable_complaint()->set_severity(static_cast<v1::Complaint::Severity>(severity));
    out.mutable_complaint()->set_resolved(row[10].as<bool>());
  }
  out.set_author(row[11].as<std::string>());
  out.set_author_org_unit(row[12].as<std::string>());
  *out.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[13].as<int64_t>());
  return out;
}

absl::Status OutOfScope(std::string_view reason, std::string_view resource) {
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, reason,
      crm::StrCat(resource, " is outside your data scope: ask its owner org unit, or HQ"),
      {{"resource", std::string(resource)}});
}

}  // namespace

std::vector<pg::PreparedStatement> ActivityStore::Statements() {
  const Sql& sql = ScopedSql();
  return {{kCustomerInScope, sql.customer_in_scope},
          {kOpportunityOf, sql.opportunity_of},
          {kInsert, kInsertSql},
          {kTouchOpportunity, kTouchOpportunitySql},
          {kTouchCustomer, kTouchCustomerSql},
          {kListOfCustomer, sql.list_of_customer},
          {kListOfOpportunity, sql.list_of_opportunity}};
}

absl::StatusOr<v1::Activity> ActivityStore::Create(const request::Actor& actor,
                                                   const NewActivity& values, absl::Time now) {
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  const std::string units = auth::TextArrayLiteral(scope.org_units);
  const v1::Activity& activity = values.activity;
  return idempotency::RunIdempotent<v1::Activity>(
      pool_, request_log_, actor.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<v1::Activity> {
        // Permission first: an opportunity the caller cannot see is refused
        // alike whether or not it exists.
        bool opportunity_in_scope = false;
        std::string follow_up_before;
        if (!values.opportunity_id.empty()) {
          const pqxx::result found =
              tx.exec_prepared(kOpportunityOf, scope.all, units, values.opportunity_id);
          const std::string name = OpportunityName(values.opportunity_id);
          if (found.empty()) {
            if (!scope.all) return OutOfScope("OPPORTUNITY_OUT_OF_SCOPE", name);
            return status::Error(absl::StatusCode::kNotFound, kDomain, "OPPORTUNITY_NOT_FOUND",
                                 crm::StrCat(name, " does not exist"), {{"resource", name}});
          }
          if (!found[0][1].as<bool>()) return OutOfScope("OPPORTUNITY_OUT_OF_SCOPE", name);
          opportunity_in_scope = true;
          follow_up_before = found[0][2].as<std::string>();
          if (const std::string owner = found[0][0].as<std::string>();
              owner != values.customer_id) {
            return status::Error(absl::StatusCode::kFailedPrecondition, kDomain,
                                 "OPPORTUNITY_OF_ANOTHER_CUSTOMER",
                                 crm::StrCat(name, " belongs to ", names::CustomerName(owner),
                                             ", not ", names::CustomerName(values.customer_id),
                                             ": record the activity on its customer"),
                                 {{"opportunity", name},
                                  {"opportunityCustomer", names::CustomerName(owner)},
                                  {"customer", names::CustomerName(values.customer_id)}});
          }
        }
        // A collaborator on the opportunity may record on it without seeing
        // the customer's other business: the row is then in scope for them
        // through its opportunity (ActivityInScope).
        if (!opportunity_in_scope &&
            !tx.exec_prepared1(kCustomerInScope, values.customer_id, scope.all, units)[0]
                 .as<bool>()) {
          return OutOfScope("CUSTOMER_OUT_OF_SCOPE", names::CustomerName(values.customer_id));
        }

        const int64_t occur_micros = TimeUtil::TimestampToMicroseconds(activity.occur_time());
        const int64_t now_micros = absl::ToUnixMicros(now);
        const std::string follow_up =
            IsSet(activity.next_follow_up_date()) ? IsoDate(activity.next_follow_up_date()) : "";
        std::vector<std::string> contacts(activity.contacts().begin(), activity.contacts().end());
        const pqxx::row inserted = tx.exec_prepared1(
            kInsert, values.id, values.customer_id, values.opportunity_id,
            static_cast<int>(activity.type()), occur_micros, auth::TextArrayLiteral(contacts),
            activity.summary(), activity.next_step(), follow_up,
            static_cast<int>(activity.complaint().severity()), activity.complaint().resolved(),
            actor.principal.user(), actor.principal.org_unit(), now_micros);
        v1::Activity created = ActivityFromRow(inserted);

        if (!values.opportunity_id.empty()) {
          const bool follow_up_changed = !follow_up.empty() && follow_up != follow_up_before;
          const pqxx::row touched =
              tx.exec_prepared1(kTouchOpportunity, values.opportunity_id, occur_micros, follow_up,
                                now_micros, follow_up_changed);
          if (follow_up_changed) {
            RecordOpportunityEvent(outbox_, tx, v1::OpportunityEvent::OPPORTUNITY_UPDATED,
                                   OpportunityName(values.opportunity_id), values.customer_id,
                                   touched[0].as<int64_t>());
          }
        }
        tx.exec_prepared0(kTouchCustomer, values.customer_id, occur_micros);
        // An activity is never changed: version 1 for good.
        RecordOpportunityEvent(outbox_, tx, v1::OpportunityEvent::ACTIVITY_RECORDED, created.name(),
                               values.customer_id, 1);
        return created;
      });
}

absl::StatusOr<ActivityPage> ActivityStore::List(const auth::DataScope& scope,
                                                 const ActivityParent& parent,
                                                 const std::vector<std::string>& after, int limit) {
  int64_t after_micros = 0;
  std::string after_id = "00000000-0000-0000-0000-000000000000";
  const bool first = after.empty();
  if (!first) {
    if (after.size() != 2 || !absl::SimpleAtoi(after[0], &after_micros) ||
        !names::IsUuid(after[1])) {
      return absl::InternalError("activity page cursor does not parse");
    }
    after_id = after[1];
  }
  const bool by_customer = !parent.customer_id.empty();
  ActivityPage page;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(
            by_customer ? kListOfCustomer : kListOfOpportunity,
            by_customer ? parent.customer_id : parent.opportunity_id, scope.all,
            auth::TextArrayLiteral(scope.org_units), first, after_micros, after_id, limit + 1);
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.activities.size()) == limit) {
            const pqxx::row last = rows[limit - 1];
            page.last_key = {crm::StrCat(last[4].as<int64_t>()), last[0].as<std::string>()};
            break;
          }
          page.activities.push_back(ActivityFromRow(row));
        }
        return absl::OkStatus();
      },
      "opportunity.list_activities");
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::opportunity
