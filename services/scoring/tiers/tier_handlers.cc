#include "services/scoring/tiers/tier_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/auth/sql_scope.h"
#include "libs/auth/strategy_centre.h"
#include "libs/clock/quarter.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/text_array.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/text_field.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/rules/tier_rules.h"

namespace crm::scoring {
namespace {

using google::protobuf::util::TimeUtil;

constexpr size_t kMaxReasonChars = 500;

// A timestamptz column as microseconds since the epoch, -1 for NULL; a
// parameter of microseconds as a timestamptz.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"
#define AT(param) "('epoch'::timestamptz + " param "::bigint * interval '1 microsecond')"

#define REVIEW_COLUMNS "r.quarter, " MICROS("r.open_time") ", r.opened_by, r.policy_version"

// A proposal aliased `p` with its customer's replica row `rc`: see
// ProposalFromRow.
// clang-format off
#define PROPOSAL_COLUMNS                                                           \
  "p.quarter, p.customer_id::text, coalesce(rc.display_name, ''),"                 \
  " coalesce(rc.owner_org_unit, ''), p.current_tier, p.proposed_tier, p.reasons,"  \
  " p.annual_purchases_minor, p.value_score, p.state, coalesce(p.decided_tier, 0)," \
  " coalesce(p.decided_by, ''), coalesce(p.decision_reason, ''), "                 \
  MICROS("p.decide_time") ", p.version"
// clang-format on
#define PROPOSAL_FROM              \
  " FROM scoring.tier_proposals p" \
  " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = p.customer_id"

constexpr char kOpenReview[] = "scoring.tier_review_open";
constexpr char kOpenReviewSql[] =
    "INSERT INTO scoring.tier_reviews (quarter, open_time, opened_by, policy_version)"
    " VALUES ($1, " AT("$2") ", $3, (SELECT max(version) FROM scoring.policies))"
    " ON CONFLICT (quarter) DO NOTHING";
constexpr char kLockReview[] = "scoring.tier_review_lock";
constexpr char kLockReviewSql[] =
    "SELECT " REVIEW_COLUMNS " FROM scoring.tier_reviews r WHERE r.quarter = $1 FOR UPDATE";
constexpr char kReadReview[] = "scoring.tier_review_read";
constexpr char kReadReviewSql[] =
    "SELECT " REVIEW_COLUMNS " FROM scoring.tier_reviews r WHERE r.quarter = $1";
// A page of the scored customers whose computed tier differs from the tier
// in force and that have no proposal in the quarter yet: $2 the last
// customer of the previous page, $3 the page size.
constexpr char kCandidates[] = "scoring.tier_review_candidates";
constexpr char kCandidatesSql[] =
    "SELECT s.customer_id::text, s.tier, s.computed_tier, s.value"
    " FROM scoring.customer_scores s"
    " WHERE s.computed_tier <> s.tier AND s.customer_id > $2::uuid"
    " AND NOT EXISTS (SELECT 1 FROM scoring.tier_proposals p"
    "   WHERE p.quarter = $1 AND p.customer_id = s.customer_id)"
    " ORDER BY s.customer_id LIMIT $3";
// A page's proposals in one statement: $2 the customers, $3 $4 their
// current and proposed tiers, $5 every proposal's reasons one after the
// other, $6 $7 where each one's start (0-based) and how many.
constexpr char kAddProposals[] = "scoring.tier_proposals_add";
constexpr char kAddProposalsSql[] =
    "INSERT INTO scoring.tier_proposals (quarter, customer_id, current_tier, proposed_tier,"
    " reasons, annual_purchases_minor, value_score)"
    " SELECT $1, u.customer_id, u.current_tier, u.proposed_tier,"
    " ($5::text[])[u.first + 1 : u.first + u.count], s.annual_purchases_minor, s.value_score"
    " FROM unnest($2::uuid[], $3::smallint[], $4::smallint[], $6::int[], $7::int[])"
    "   AS u(customer_id, current_tier, proposed_tier, first, count)"
    " JOIN scoring.customer_scores s ON s.customer_id = u.customer_id"
    " ON CONFLICT DO NOTHING";
// Proposals written per statement when a review opens.
constexpr int kProposalBatch = 1000;
constexpr char kCounts[] = "scoring.tier_review_counts";
constexpr char kReadProposal[] = "scoring.tier_proposal_read";
constexpr char kReadProposalSql[] =
    "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM " WHERE p.quarter = $1 AND p.customer_id = $2::uuid";
constexpr char kLockProposal[] = "scoring.tier_proposal_lock";
constexpr char kLockProposalSql[] = "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
                                    " WHERE p.quarter = $1 AND p.customer_id = $2::uuid"
                                    " FOR UPDATE OF p";
constexpr char kListProposals[] = "scoring.tier_proposal_list";
constexpr char kDecide[] = "scoring.tier_proposal_decide";
constexpr char kDecideSql[] =
    "UPDATE scoring.tier_proposals SET state = $3, decided_tier = $4, decided_by = $5,"
    " decision_reason = $6, decide_time = " AT("$7") ", version = version + 1"
    " WHERE quarter = $1 AND customer_id = $2::uuid";
constexpr char kLockScores[] = "scoring.tier_scores_lock";
constexpr char kLockScoresSql[] =
    "SELECT tier FROM scoring.customer_scores WHERE customer_id = $1::uuid FOR UPDATE";
constexpr char kSetTier[] = "scoring.tier_set";
constexpr char kSetTierSql[] =
    "UPDATE scoring.customer_scores SET tier = $2, tier_decided = true, version = version + 1"
    " WHERE customer_id = $1::uuid";
constexpr char kAddChange[] = "scoring.tier_change_add";
constexpr char kAddChangeSql[] =
    "INSERT INTO scoring.tier_changes (customer_id, from_tier, to_tier, quarter, decided_by,"
    " reason, change_time) VALUES ($1::uuid, $2, $3, $4, $5, $6, " AT("$7") ")";
constexpr char kHistory[] = "scoring.tier_history";
// clang-format off
constexpr char kHistorySql[] =
    "SELECT c.id, c.from_tier, c.to_tier, c.quarter, c.decided_by, c.reason, "
    MICROS("c.change_time")
    " FROM scoring.tier_changes c WHERE c.customer_id = $1::uuid"
    " AND ($2::boolean OR c.id < $3) ORDER BY c.id DESC LIMIT $4";
// clang-format on

// $1 the quarter, $2 $3 the scope.
const std::string& CountsSql() {
  static const std::string sql = crm::StrCat(
      "SELECT count(*) FILTER (WHERE p.state = 1), count(*) FILTER (WHERE p.state = 2),"
      " count(*) FILTER (WHERE p.state = 3) FROM scoring.tier_proposals p WHERE p.quarter = $1"
      " AND ",
      CustomerInScope("p.customer_id", 2, 3));
  return sql;
}
// $1 the quarter, $2 $3 the scope, $4 the state (0 any), $5 "first page",
// ($6, $7) the last row's (annual purchases, customer id), $8 the limit.
// Walks tier_proposals_order.
const std::string& ListSql() {
  static const std::string sql =
      crm::StrCat("SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM " WHERE p.quarter = $1 AND ",
                  CustomerInScope("p.customer_id", 2, 3),
                  " AND ($4 = 0 OR p.state = $4)"
                  " AND ($5::boolean OR p.annual_purchases_minor < $6::bigint"
                  "   OR (p.annual_purchases_minor = $6::bigint AND p.customer_id > $7::uuid))"
                  " ORDER BY p.annual_purchases_minor DESC, p.customer_id LIMIT $8");
  return sql;
}

// A timestamp from microseconds since the epoch; nothing for -1 (NULL).
std::optional<google::protobuf::Timestamp> TimeOf(int64_t micros) {
  if (micros < 0) return std::nullopt;
  return TimeUtil::MicrosecondsToTimestamp(micros);
}

v1::Tier TierOf(int number) {
  return v1::Tier_IsValid(number) ? static_cast<v1::Tier>(number) : v1::TIER_UNSPECIFIED;
}

v1::TierReview ReviewFromRow(const pqxx::row& row) {
  v1::TierReview out;
  out.set_name(TierReviewName(row[0].as<std::string>()));
  if (auto t = TimeOf(row[1].as<int64_t>())) *out.mutable_open_time() = *t;
  out.set_opened_by(row[2].as<std::string>());
  out.set_policy_version(row[3].as<int64_t>());
  return out;
}

struct StoredProposal {
  std::string quarter;
  std::string customer_id;
  int64_t version = 0;
  v1::TierProposal view;
};

StoredProposal ProposalFromRow(const pqxx::row& row) {
  StoredProposal s;
  v1::TierProposal& out = s.view;
  s.quarter = row[0].as<std::string>();
  s.customer_id = row[1].as<std::string>();
  out.set_name(TierProposalName(s.quarter, s.customer_id));
  out.set_customer(names::CustomerName(s.customer_id));
  out.set_display_name(row[2].as<std::string>());
  out.set_owner_org_unit(row[3].as<std::string>());
  out.set_current_tier(TierOf(row[4].as<int>()));
  out.set_proposed_tier(TierOf(row[5].as<int>()));
  for (std::string& reason : pg::ReadTextArray(row[6])) out.add_reasons(std::move(reason));
  out.mutable_annual_purchases()->set_currency_code("CNY");
  out.mutable_annual_purchases()->set_minor_units(row[7].as<int64_t>());
  out.set_value_score(row[8].as<double>());
  out.set_state(static_cast<v1::TierProposal::State>(row[9].as<int>()));
  out.set_decided_tier(TierOf(row[10].as<int>()));
  out.set_decided_by(row[11].as<std::string>());
  out.set_decision_reason(row[12].as<std::string>());
  if (auto t = TimeOf(row[13].as<int64_t>())) *out.mutable_decide_time() = *t;
  s.version = row[14].as<int64_t>();
  out.set_etag(EtagOf(s.version));
  return s;
}

// Why the tier should change, from the value assessment: the change, the
// tier's reason, then the factors that scored, heaviest first.
std::vector<std::string> ProposalReasons(v1::Tier tier, v1::Tier computed,
                                         const std::string& value_bytes) {
  std::vector<std::string> reasons = {crm::StrCat("tier ", TierText(tier),
                                                  " in force; the policy "
                                                  "computes ",
                                                  TierText(computed))};
  v1::ValueAssessment value;
  if (!value.ParseFromString(value_bytes)) return reasons;
  if (!value.tier_reason().empty()) reasons.push_back(value.tier_reason());
  std::vector<const v1::ValueFactor*> factors;
  for (const v1::ValueFactor& f : value.factors()) {
    if (f.points() > 0 && !f.explanation().empty()) factors.push_back(&f);
  }
  std::stable_sort(
      factors.begin(), factors.end(),
      [](const v1::ValueFactor* a, const v1::ValueFactor* b) { return a->points() > b->points(); });
  for (const v1::ValueFactor* f : factors) reasons.push_back(f->explanation());
  return reasons;
}

absl::Status ReviewNotFound(const std::string& quarter) {
  const std::string name = TierReviewName(quarter);
  return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonTierReviewNotFound,
                       crm::StrCat(name, " has not been opened (OpenTierReview opens it)"),
                       {{"tierReview", name}});
}

// The review with its counts in the caller's scope.
absl::StatusOr<v1::TierReview> ReviewWithCounts(pqxx::transaction_base& tx,
                                                const auth::v1::Principal& principal,
                                                const pqxx::row& review_row) {
  v1::TierReview review = ReviewFromRow(review_row);
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::row counts =
      tx.exec_prepared1(kCounts, review_row[0].as<std::string>(), scope.all, scope.org_units);
  review.set_pending(counts[0].as<int64_t>());
  review.set_approved(counts[1].as<int64_t>());
  review.set_overridden(counts[2].as<int64_t>());
  return review;
}

std::string ActorName(const request::Actor& actor) {
  return actor.principal.user().empty() ? std::string(kServicePrincipal) : actor.principal.user();
}

}  // namespace

std::vector<pg::PreparedStatement> TierHandlers::Statements() {
  return {{kOpenReview, kOpenReviewSql},     {kLockReview, kLockReviewSql},
          {kReadReview, kReadReviewSql},     {kCandidates, kCandidatesSql},
          {kAddProposals, kAddProposalsSql}, {kCounts, CountsSql()},
          {kReadProposal, kReadProposalSql}, {kLockProposal, kLockProposalSql},
          {kListProposals, ListSql()},       {kDecide, kDecideSql},
          {kLockScores, kLockScoresSql},     {kSetTier, kSetTierSql},
          {kAddChange, kAddChangeSql},       {kHistory, kHistorySql}};
}

absl::Status TierHandlers::OpenTierReview(const request::Actor& actor,
                                          const v1::OpenTierReviewRequest& request,
                                          v1::TierReview& response,
                                          status::FieldViolations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::IsStrategyCentre(caller) && !auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return auth::RequireStrategyCentre(caller, kErrorDomain, "open a tier review (or hq_admin)");
  }
  std::string quarter;
  if (absl::StatusOr<clock::Quarter> q = ParseQuarterField(request.quarter()); q.ok()) {
    quarter = clock::FormatQuarter(*q);
  } else {
    violations.Add("quarter", crm::StrCat("quarter: ", q.status().message()));
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  absl::StatusOr<v1::TierReview> opened = idempotency::RunIdempotent<v1::TierReview>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::TierReview> {
        const absl::Time now = context_.clock->Now();
        const bool created =
            tx.exec_prepared0(kOpenReview, quarter, absl::ToUnixMicros(now), ActorName(actor))
                .affected_rows() == 1;
        // Concurrent openings of one quarter take their turns here.
        const pqxx::row review = tx.exec_prepared1(kLockReview, quarter);
        int64_t added = 0;
        std::string after = "00000000-0000-0000-0000-000000000000";
        for (;;) {
          const pqxx::result page = tx.exec_prepared(kCandidates, quarter, after, kProposalBatch);
          if (page.empty()) break;
          std::vector<std::string> ids, current, proposed, reasons, first, count;
          for (const pqxx::row& c : page) {
            const v1::Tier tier = TierOf(c[1].as<int>());
            const v1::Tier computed = TierOf(c[2].as<int>());
            const pqxx::binarystring value(c[3]);
            std::vector<std::string> why = ProposalReasons(tier, computed, value.str());
            ids.push_back(c[0].as<std::string>());
            current.push_back(crm::StrCat(static_cast<int>(tier)));
            proposed.push_back(crm::StrCat(static_cast<int>(computed)));
            first.push_back(crm::StrCat(reasons.size()));
            count.push_back(crm::StrCat(why.size()));
            for (std::string& reason : why) reasons.push_back(std::move(reason));
          }
          added +=
              tx.exec_prepared0(kAddProposals, quarter, auth::TextArrayLiteral(ids),
                                auth::TextArrayLiteral(current), auth::TextArrayLiteral(proposed),
                                auth::TextArrayLiteral(reasons), auth::TextArrayLiteral(first),
                                auth::TextArrayLiteral(count))
                  .affected_rows();
          after = ids.back();
          if (static_cast<int>(page.size()) < kProposalBatch) break;
        }
        if (created || added > 0) {
          if (absl::Status s =
                  RecordScoringEvent(*context_.outbox, tx, v1::ScoringEvent::TIER_REVIEW_OPENED,
                                     TierReviewName(quarter), ScoringEventFacts{});
              !s.ok()) {
            return s;
          }
        }
        return ReviewWithCounts(tx, caller, review);
      });
  if (!opened.ok()) return opened.status();
  response = *std::move(opened);
  return absl::OkStatus();
}

absl::Status TierHandlers::GetTierReview(const request::Actor& actor,
                                         const v1::GetTierReviewRequest& request,
                                         v1::TierReview& response,
                                         status::FieldViolations& violations) {
  std::string quarter;
  if (absl::StatusOr<clock::Quarter> q = ParseTierReviewName(request.name()); q.ok()) {
    quarter = clock::FormatQuarter(*q);
  } else {
    violations.Add("name", crm::StrCat("name: ", q.status().message()));
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(kReadReview, quarter);
        if (rows.empty()) return ReviewNotFound(quarter);
        absl::StatusOr<v1::TierReview> review = ReviewWithCounts(tx, actor.principal, rows[0]);
        if (!review.ok()) return review.status();
        response = *std::move(review);
        return absl::OkStatus();
      },
      "scoring.tier_review_get");
}

absl::Status TierHandlers::ListTierProposals(const request::Actor& actor,
                                             const v1::ListTierProposalsRequest& request,
                                             v1::ListTierProposalsResponse& response,
                                             status::FieldViolations& violations) {
  std::string quarter;
  if (absl::StatusOr<clock::Quarter> q = ParseTierReviewName(request.parent()); q.ok()) {
    quarter = clock::FormatQuarter(*q);
  } else {
    violations.Add("parent", crm::StrCat("parent: ", q.status().message()));
  }
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kErrorDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  if (request.state() != v1::TierProposal::STATE_UNSPECIFIED &&
      !v1::TierProposal::State_IsValid(request.state())) {
    violations.Add("state", crm::StrCat("state: ", static_cast<int>(request.state()),
                                        " is not a proposal state (PENDING, APPROVED or "
                                        "OVERRIDDEN)"));
  }
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListTierProposals", quarter, crm::StrCat(static_cast<int>(request.state())),
       actor.principal.user(), scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListTierProposals call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const bool first = after.empty();
  if (!first && !names::IsUuid(after[1])) {
    return absl::InternalError("tier proposal page cursor does not parse");
  }
  std::vector<std::string> last_key;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_proposals();
        if (tx.exec_prepared(kReadReview, quarter).empty()) return ReviewNotFound(quarter);
        const replicas::CustomerScopeParams params = replicas::ScopeParamsOf(scope);
        const pqxx::result rows = tx.exec_prepared(
            kListProposals, quarter, params.all, params.org_units,
            static_cast<int>(request.state()), first, first ? "0" : after[0],
            first ? "00000000-0000-0000-0000-000000000000" : after[1], page_size + 1);
        const int shown = std::min(static_cast<int>(rows.size()), page_size);
        for (int i = 0; i < shown; ++i) {
          *response.add_proposals() = std::move(ProposalFromRow(rows[i]).view);
        }
        if (static_cast<int>(rows.size()) > page_size) {
          const pqxx::row last = rows[page_size - 1];
          last_key = {last[7].as<std::string>(), last[1].as<std::string>()};
        }
        return absl::OkStatus();
      },
      "scoring.tier_proposal_list");
  if (!status.ok()) return status;
  if (!last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = std::move(last_key)}));
  }
  return absl::OkStatus();
}

absl::Status TierHandlers::DecideTierProposal(const request::Actor& actor,
                                              const v1::DecideTierProposalRequest& request,
                                              v1::TierProposal& response,
                                              status::FieldViolations& violations) {
  if (absl::Status s =
          auth::RequireStrategyCentre(actor.principal, kErrorDomain, "decide a tier proposal");
      !s.ok()) {
    return s;
  }
  std::optional<TierProposalKey> key;
  if (absl::StatusOr<TierProposalKey> parsed = ParseTierProposalName(request.name()); parsed.ok()) {
    key = *std::move(parsed);
  } else {
    violations.Add("name", crm::StrCat("name: ", parsed.status().message()));
  }
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  switch (request.decision()) {
    case v1::DecideTierProposalRequest::APPROVE:
      if (request.tier() != v1::TIER_UNSPECIFIED) {
        violations.Add("tier", "tier: only for OVERRIDE; APPROVE takes the proposed tier");
      }
      validation::CheckText(request.reason(), "reason", 0, kMaxReasonChars,
                            validation::Lines::kMulti, violations);
      break;
    case v1::DecideTierProposalRequest::OVERRIDE:
      if (request.tier() == v1::TIER_UNSPECIFIED) {
        violations.Add("tier", "tier: is required for OVERRIDE: TIER_A, TIER_B or TIER_C");
      } else if (!v1::Tier_IsValid(request.tier())) {
        violations.Add("tier", crm::StrCat("tier: ", static_cast<int>(request.tier()),
                                           " is not TIER_A, TIER_B or TIER_C"));
      }
      validation::CheckText(request.reason(), "reason", 1, kMaxReasonChars,
                            validation::Lines::kMulti, violations);
      break;
    case v1::DecideTierProposalRequest::DECISION_UNSPECIFIED:
      violations.Add("decision", "decision: is required: APPROVE or OVERRIDE");
      break;
    default:
      violations.Add("decision", crm::StrCat("decision: ", static_cast<int>(request.decision()),
                                             " is not APPROVE or OVERRIDE"));
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const std::string quarter = clock::FormatQuarter(key->quarter);
  const bool approve = request.decision() == v1::DecideTierProposalRequest::APPROVE;
  absl::StatusOr<v1::TierProposal> decided = idempotency::RunIdempotent<v1::TierProposal>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::TierProposal> {
        const pqxx::result rows = tx.exec_prepared(kLockProposal, quarter, key->customer_id);
        const std::string name = TierProposalName(quarter, key->customer_id);
        if (rows.empty()) {
          return status::Error(absl::StatusCode::kNotFound, kErrorDomain,
                               kReasonTierProposalNotFound, crm::StrCat(name, " does not exist"),
                               {{"tierProposal", name}});
        }
        const StoredProposal stored = ProposalFromRow(rows[0]);
        if (stored.version != version) {
          return EtagMismatch(kErrorDomain, name, version, stored.version);
        }
        const v1::TierProposal& p = stored.view;
        if (p.state() != v1::TierProposal::PENDING) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kErrorDomain, kReasonTierProposalDecided,
              crm::StrCat(name, " was decided already (", v1::TierProposal::State_Name(p.state()),
                          " by ", p.decided_by(), ": tier ", TierText(p.decided_tier()),
                          "); the next quarter's review proposes again"),
              {{"tierProposal", name}});
        }
        const pqxx::result scores = tx.exec_prepared(kLockScores, key->customer_id);
        if (scores.empty()) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kErrorDomain, kReasonCustomerNotScored,
              crm::StrCat(p.customer(),
                          " has no scores any more (merged or deleted); its tier cannot change"),
              {{"tierProposal", name}, {"customer", p.customer()}});
        }
        const v1::Tier from = TierOf(scores[0][0].as<int>());
        const v1::Tier to = approve ? p.proposed_tier() : request.tier();
        const absl::Time now = context_.clock->Now();
        const std::string reason =
            !request.reason().empty()
                ? request.reason()
                : crm::StrCat("approved: ",
                              p.reasons().empty() ? std::string("as proposed") : p.reasons(0));
        tx.exec_prepared0(
            kDecide, quarter, key->customer_id,
            static_cast<int>(approve ? v1::TierProposal::APPROVED : v1::TierProposal::OVERRIDDEN),
            static_cast<int>(to), ActorName(actor), request.reason(), absl::ToUnixMicros(now));
        // Decided from now on, whether or not it moves.
        tx.exec_prepared0(kSetTier, key->customer_id, static_cast<int>(to));
        if (to != from) {
          tx.exec_prepared0(kAddChange, key->customer_id, static_cast<int>(from),
                            static_cast<int>(to), quarter, ActorName(actor), reason,
                            absl::ToUnixMicros(now));
          ScoringEventFacts facts;
          facts.customer_id = key->customer_id;
          facts.from_tier = from;
          facts.to_tier = to;
          facts.org_unit = p.owner_org_unit();
          if (absl::Status s =
                  RecordScoringEvent(*context_.outbox, tx, v1::ScoringEvent::TIER_CHANGED,
                                     names::CustomerName(key->customer_id), facts);
              !s.ok()) {
            return s;
          }
        }
        const pqxx::result after = tx.exec_prepared(kReadProposal, quarter, key->customer_id);
        if (after.empty()) return absl::InternalError("a decided tier proposal vanished");
        return std::move(ProposalFromRow(after[0]).view);
      });
  if (!decided.ok()) return decided.status();
  response = *std::move(decided);
  return absl::OkStatus();
}

absl::Status TierHandlers::ListTierHistory(const request::Actor& actor,
                                           const v1::ListTierHistoryRequest& request,
                                           v1::ListTierHistoryResponse& response,
                                           status::FieldViolations& violations) {
  const std::string customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kErrorDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  const std::string fingerprint =
      pagination::QueryFingerprint({"ListTierHistory", customer_id, actor.principal.user()});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 1, "ListTierHistory call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  int64_t after_id = 0;
  if (!after.empty() && !absl::SimpleAtoi(after[0], &after_id)) {
    return absl::InternalError("tier history page cursor does not parse");
  }
  if (absl::Status s = StoreCustomer(context_, customer_id); !s.ok()) return s;
  std::string last_key;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_changes();
        if (absl::Status s = CheckCustomerVisible(tx, actor.principal, customer_id); !s.ok()) {
          return s;
        }
        const pqxx::result rows =
            tx.exec_prepared(kHistory, customer_id, after.empty(), after_id, page_size + 1);
        const int shown = std::min(static_cast<int>(rows.size()), page_size);
        for (int i = 0; i < shown; ++i) {
          const pqxx::row& row = rows[i];
          v1::TierChange& c = *response.add_changes();
          c.set_customer(names::CustomerName(customer_id));
          c.set_from_tier(TierOf(row[1].as<int>()));
          c.set_to_tier(TierOf(row[2].as<int>()));
          c.set_quarter(row[3].as<std::string>());
          c.set_decided_by(row[4].as<std::string>());
          c.set_reason(row[5].as<std::string>());
          if (auto t = TimeOf(row[6].as<int64_t>())) *c.mutable_change_time() = *t;
        }
        if (static_cast<int>(rows.size()) > page_size) {
          last_key = rows[page_size - 1][0].as<std::string>();
        }
        return absl::OkStatus();
      },
      "scoring.tier_history");
  if (!status.ok()) return status;
  if (!last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = {std::move(last_key)}}));
  }
  return absl::OkStatus();
}

}  // namespace crm::scoring
