#include "services/scoring/scores/customer_scoring.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "libs/auth/sql_scope.h"
#include "libs/events/outbox.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/facts/facts_store.h"
#include "services/scoring/rules/health_score.h"
#include "services/scoring/rules/value_score.h"
#include "services/scoring/scores/scoring_policy_store.h"
#include "services/scoring/warnings/churn_warnings.h"

namespace crm::scoring {
namespace {

// Scores of many customers in one statement. The serialized assessments
// travel as one binary parameter ($7) that each row cuts its part from
// (offsets and lengths in $8-$11), so a batch of thousands is sent without
// escaping. `old` reads the rows as they were before the upsert (the
// statement's snapshot, taken after kLock locked them): a customer is
// "changed" when it is new or its value score, health score, risk or
// computed tier moved. The tier in force is the computed one on insert and
// never touched on update.
constexpr char kUpsert[] = "scoring.scores_upsert";
constexpr char kUpsertSql[] = R"sql(
  WITH input AS (
    SELECT i.customer_id, i.computed_tier, i.value_score, i.health_score, i.risk, i.annual,
           substring($7::bytea FROM i.value_at + 1 FOR i.value_len) AS value,
           substring($7::bytea FROM i.health_at + 1 FOR i.health_len) AS health
    FROM unnest($1::uuid[], $2::smallint[], $3::float8[], $4::float8[], $5::smallint[],
                $6::bigint[], $8::int[], $9::int[], $10::int[], $11::int[])
           AS i(customer_id, computed_tier, value_score, health_score, risk, annual,
                value_at, value_len, health_at, health_len)),
  old AS (
    SELECT s.customer_id, s.computed_tier, s.value_score, s.health_score, s.risk
    FROM scoring.customer_scores s
    WHERE s.customer_id = ANY ($1::uuid[])),
  up AS (
    INSERT INTO scoring.customer_scores AS s
      (customer_id, tier, computed_tier, value_score, health_score, risk,
       annual_purchases_minor, value, health, policy_version, compute_time)
    SELECT customer_id, computed_tier, computed_tier, value_score, health_score, risk, annual,
           value, health, $12::bigint, 'epoch'::timestamptz + $13::bigint * interval '1 us'
    FROM input
    ON CONFLICT (customer_id) DO UPDATE SET
      computed_tier = EXCLUDED.computed_tier,
      value_score = EXCLUDED.value_score,
      health_score = EXCLUDED.health_score,
      risk = EXCLUDED.risk,
      annual_purchases_minor = EXCLUDED.annual_purchases_minor,
      value = EXCLUDED.value,
      health = EXCLUDED.health,
      policy_version = EXCLUDED.policy_version,
      compute_time = EXCLUDED.compute_time,
      version = s.version + CASE
        WHEN s.computed_tier <> EXCLUDED.computed_tier OR s.value_score <> EXCLUDED.value_score
          OR s.health_score <> EXCLUDED.health_score OR s.risk <> EXCLUDED.risk
        THEN 1 ELSE 0 END
    -- A row whose assessments and policy version are the same is left as
    -- it is (a rescore with nothing new writes nothing).
    WHERE s.value <> EXCLUDED.value OR s.health <> EXCLUDED.health
       OR s.policy_version <> EXCLUDED.policy_version
    RETURNING s.customer_id, s.tier)
  SELECT up.customer_id::text, up.tier,
         o.customer_id IS NULL OR o.computed_tier <> i.computed_tier
           OR o.value_score <> i.value_score OR o.health_score <> i.health_score
           OR o.risk <> i.risk AS changed,
         coalesce(r.owner_org_unit, ''), coalesce(o.risk, 0)
  FROM up
  JOIN input i ON i.customer_id = up.customer_id
  LEFT JOIN old o ON o.customer_id = up.customer_id
  LEFT JOIN scoring.replica_customers r ON r.customer_id = up.customer_id)sql";

// Locks the batch's stored rows in id order before kUpsert, so the
// upsert's snapshot holds what a concurrent scorer committed and two
// scorers of overlapping batches never deadlock.
constexpr char kLock[] = "scoring.scores_lock";
constexpr char kLockSql[] =
    "SELECT 1 FROM scoring.customer_scores WHERE customer_id = ANY ($1::uuid[])"
    " ORDER BY customer_id FOR UPDATE";

constexpr char kDelete[] = "scoring.scores_delete";
constexpr char kDeleteSql[] = "DELETE FROM scoring.customer_scores WHERE customer_id = $1::uuid";

// The first customers scored under an older version than $1, in id order.
constexpr char kOutdated[] = "scoring.scores_outdated";
constexpr char kOutdatedSql[] = R"sql(
  SELECT customer_id::text FROM scoring.customer_scores
  WHERE policy_version < $1::bigint ORDER BY customer_id LIMIT $2::int)sql";

// The last customer with facts before $1 ("" when none): where a facts
// page must start to reach $1.
constexpr char kFactsBefore[] = "scoring.scores_facts_before";
constexpr char kFactsBeforeSql[] =
    "SELECT customer_id::text FROM scoring.customer_facts WHERE customer_id < $1::uuid"
    " ORDER BY customer_id DESC LIMIT 1";

struct Scored {
  std::string customer_id;
  v1::ValueAssessment value;
  v1::HealthAssessment health;
};

Scored Assess(std::string customer_id, const FactsSnapshot& facts, const v1::ScoringPolicy& policy,
              absl::Time now) {
  return Scored{.customer_id = std::move(customer_id),
                .value = AssessValue(facts, policy, now),
                .health = AssessHealth(facts, policy, now)};
}

std::string NumberArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    crm::StrAppend(&literal, i == 0 ? "" : ",", values[i]);
  }
  return literal + "}";
}

// Writes the scores of `batch` (distinct customers) under `policy_version`,
// records SCORES_CHANGED for the changed ones in one statement and
// reconciles the churn warnings of those whose risk is or was high.
absl::Status WriteScores(pqxx::work& tx, const ScoringContext& context,
                         std::span<const Scored> batch, int64_t policy_version, absl::Time now) {
  if (batch.empty()) return absl::OkStatus();
  std::vector<std::string> ids, tiers, value_scores, health_scores, risks, annuals, value_at,
      value_len, health_at, health_len;
  std::string blob;
  for (const Scored& scored : batch) {
    ids.push_back(scored.customer_id);
    tiers.push_back(crm::StrCat(static_cast<int>(scored.value.computed_tier())));
    value_scores.push_back(crm::StrCat(scored.value.score()));
    health_scores.push_back(crm::StrCat(scored.health.score()));
    risks.push_back(crm::StrCat(static_cast<int>(scored.health.risk())));
    annuals.push_back(crm::StrCat(scored.value.annual_purchases().minor_units()));
    const std::string value = scored.value.SerializeAsString();
    const std::string health = scored.health.SerializeAsString();
    value_at.push_back(crm::StrCat(blob.size()));
    value_len.push_back(crm::StrCat(value.size()));
    blob += value;
    health_at.push_back(crm::StrCat(blob.size()));
    health_len.push_back(crm::StrCat(health.size()));
    blob += health;
  }
  const std::string id_array = auth::TextArrayLiteral(ids);
  tx.exec_prepared(kLock, id_array);
  const pqxx::result rows = tx.exec_prepared(
      kUpsert, id_array, NumberArray(tiers), NumberArray(value_scores), NumberArray(health_scores),
      NumberArray(risks), NumberArray(annuals), pqxx::binarystring(blob), NumberArray(value_at),
      NumberArray(value_len), NumberArray(health_at), NumberArray(health_len), policy_version,
      absl::ToUnixMicros(now));

  absl::flat_hash_map<std::string, const Scored*> by_id;
  for (const Scored& scored : batch) by_id[scored.customer_id] = &scored;
  std::vector<events::NewEvent> changes;
  std::vector<WarningInput> warnings;
  for (const pqxx::row& row : rows) {
    if (!row[2].as<bool>()) continue;
    const std::string id = row[0].as<std::string>();
    const Scored& scored = *by_id.at(id);
    const std::string owner = row[3].as<std::string>();
    changes.push_back(
        NewScoringEvent(v1::ScoringEvent::SCORES_CHANGED, names::CustomerName(id),
                        {.customer_id = id, .risk = scored.health.risk(), .org_unit = owner}));
    // A warning is open only while the stored risk is high: nothing to
    // reconcile unless the risk is or was high.
    const bool was_high = row[4].as<int>() == v1::RISK_HIGH;
    if (!was_high && scored.health.risk() != v1::RISK_HIGH) continue;
    warnings.push_back({.customer_id = id,
                        .owner_org_unit = owner,
                        .tier = static_cast<v1::Tier>(row[1].as<int>()),
                        .health = scored.health});
  }
  if (!changes.empty()) events::RecordEvents(tx, context.outbox->options(), changes);
  for (const WarningInput& input : warnings) {
    if (absl::Status status = ReconcileChurnWarning(tx, *context.outbox, input, now);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

// Rescores, in `tx`, up to `limit` customers scored under a version older
// than `policy`'s, the first in id order: their facts read as one page
// from the first of them (customers without a facts row from an empty
// snapshot). The first is always rescored. Sets `more` when some may be
// left.
absl::StatusOr<int64_t> RescoreOutdatedIn(pqxx::work& tx, const ScoringContext& context,
                                          const ScoringPolicyRow& policy, absl::Time now, int limit,
                                          bool& more) {
  more = false;
  std::vector<std::string> outdated;
  for (const pqxx::row& row : tx.exec_prepared(kOutdated, policy.version, limit)) {
    outdated.push_back(row[0].as<std::string>());
  }
  if (outdated.empty()) return 0;
  const pqxx::result previous = tx.exec_prepared(kFactsBefore, outdated.front());
  const std::string before = previous.empty() ? std::string() : previous[0][0].as<std::string>();
  absl::StatusOr<std::vector<std::pair<std::string, FactsSnapshot>>> page =
      ReadFactsPage(tx, before, limit, now);
  if (!page.ok()) return page.status();
  absl::flat_hash_map<std::string, const FactsSnapshot*> facts;
  for (const auto& [id, snapshot] : *page) facts[id] = &snapshot;
  // The page covers the outdated customers up to its last id (all of them
  // when it is not full).
  const bool full = static_cast<int>(page->size()) >= limit;
  const std::string last = page->empty() ? std::string() : page->back().first;
  std::vector<Scored> batch;
  const FactsSnapshot empty;
  for (const std::string& id : outdated) {
    if (full && id > last) {
      more = true;
      break;
    }
    auto found = facts.find(id);
    batch.push_back(Assess(id, found == facts.end() ? empty : *found->second, policy.policy, now));
  }
  if (absl::Status status = WriteScores(tx, context, batch, policy.version, now); !status.ok()) {
    return status;
  }
  if (static_cast<int>(outdated.size()) >= limit) more = true;
  return static_cast<int64_t>(batch.size());
}

}  // namespace

std::vector<pg::PreparedStatement> CustomerScoringStatements() {
  std::vector<pg::PreparedStatement> statements = {{kLock, kLockSql},
                                                   {kUpsert, kUpsertSql},
                                                   {kDelete, kDeleteSql},
                                                   {kOutdated, kOutdatedSql},
                                                   {kFactsBefore, kFactsBeforeSql}};
  for (auto* more :
       {&ScoringPolicyStoreStatements, &FactsStoreStatements, &ChurnWarningStatements}) {
    for (pg::PreparedStatement& statement : (*more)()) statements.push_back(std::move(statement));
  }
  return statements;
}

absl::Status ScoreCustomer(pqxx::work& tx, const ScoringContext& context,
                           const std::string& customer_id, absl::Time now) {
  absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<std::optional<FactsSnapshot>> facts = ReadFacts(tx, customer_id, now);
  if (!facts.ok()) return facts.status();
  const Scored scored = Assess(customer_id, facts->value_or(FactsSnapshot{}), policy->policy, now);
  return WriteScores(tx, context, std::span<const Scored>(&scored, 1), policy->version, now);
}

absl::Status ForgetCustomer(pqxx::work& tx, const ScoringContext& context,
                            const std::string& customer_id, absl::Time now) {
  tx.exec_prepared(kDelete, customer_id);
  return ClearChurnWarning(tx, *context.outbox, customer_id, now);
}

absl::StatusOr<int64_t> RescoreAll(const ScoringContext& context, absl::Time now, int batch_size) {
  batch_size = std::max(1, batch_size);
  int64_t scored = 0;
  std::string after;
  for (;;) {
    bool done = false;
    absl::Status status = pg::RunInTransaction(
        *context.pool,
        [&](pqxx::work& tx) -> absl::Status {
          absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
          if (!policy.ok()) return policy.status();
          absl::StatusOr<std::vector<std::pair<std::string, FactsSnapshot>>> page =
              ReadFactsPage(tx, after, batch_size, now);
          if (!page.ok()) return page.status();
          std::vector<Scored> batch;
          batch.reserve(page->size());
          for (auto& [id, facts] : *page) {
            batch.push_back(Assess(id, facts, policy->policy, now));
          }
          if (absl::Status written = WriteScores(tx, context, batch, policy->version, now);
              !written.ok()) {
            return written;
          }
          done = static_cast<int>(page->size()) < batch_size;
          if (!page->empty()) after = page->back().first;
          scored += static_cast<int64_t>(page->size());
          return absl::OkStatus();
        },
        {.operation = "scoring.rescore_all"});
    if (!status.ok()) return status;
    if (done) return scored;
  }
}

absl::StatusOr<int64_t> RescoreOutdated(const ScoringContext& context, absl::Time now,
                                        int batch_size) {
  batch_size = std::max(1, batch_size);
  int64_t scored = 0;
  for (;;) {
    bool more = false;
    absl::Status status =
        pg::RunInTransaction(*context.pool,
                             [&](pqxx::work& tx) -> absl::Status {
                               absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
                               if (!policy.ok()) return policy.status();
                               absl::StatusOr<int64_t> done =
                                   RescoreOutdatedIn(tx, context, *policy, now, batch_size, more);
                               if (!done.ok()) return done.status();
                               scored += *done;
                               return absl::OkStatus();
                             },
                             {.operation = "scoring.rescore_outdated"});
    if (!status.ok()) return status;
    if (!more) return scored;
  }
}

absl::StatusOr<int64_t> RescoreOutdatedInTransaction(pqxx::work& tx, const ScoringContext& context,
                                                     absl::Time now, int limit) {
  absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
  if (!policy.ok()) return policy.status();
  int64_t scored = 0;
  while (scored < limit) {
    bool more = false;
    absl::StatusOr<int64_t> done = RescoreOutdatedIn(
        tx, context, *policy, now, static_cast<int>(std::min<int64_t>(5000, limit - scored)), more);
    if (!done.ok()) return done.status();
    scored += *done;
    if (!more || *done == 0) break;
  }
  return scored;
}

}  // namespace crm::scoring
