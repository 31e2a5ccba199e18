#include "services/customer/duplicates/duplicate_finder.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/match_keys.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {
namespace {

constexpr char kUnkeyed[] = "customer.unkeyed";
constexpr char kUnkeyedSql[] =
    "SELECT id::text, legal_name FROM customer.customers WHERE name_key IS NULL LIMIT 500";

// $1 uscc, $2 name key, $3 trade key, $4 head key (of a branch), $5 one-edit
// keys, $6 contact hashes, $7 the customer to leave out, ($8, $9) the data
// scope whose contacts may be compared. Contacts outside it are never read.
constexpr char kCandidates[] = "customer.duplicate_candidates";
const std::string& CandidatesSql() {
  static const std::string sql = crm::StrCat(R"sql(
  WITH hits AS (
    SELECT id, 0 AS rank FROM customer.customers
     WHERE state = 1 AND (($1 <> '' AND uscc = $1) OR ($2 <> '' AND name_key = $2)
        OR ($3 <> '' AND trade_key = $3) OR ($4 <> '' AND name_key = $4)
        OR ($2 <> '' AND head_key = $2) OR ($4 <> '' AND head_key = $4))
    UNION ALL
    SELECT t.customer_id, 1 FROM customer.contacts t
      JOIN customer.customers c ON c.id = t.customer_id
     WHERE t.state = 1 AND (t.phone_hash = ANY($6::bytea[]) OR t.email_hash = ANY($6::bytea[]))
       AND )sql",
                                             CustomerScopeSql(8, 9), R"sql(
    UNION ALL
    SELECT customer_id, 2 FROM customer.name_keys WHERE key = ANY($5::text[])
  ),
  -- Exact keys first, so a one-edit key shared by many names never pushes
  -- a real match past the limit.
  ranked AS (SELECT id, min(rank) AS rank FROM hits GROUP BY id ORDER BY 2 LIMIT 500)
  SELECT c.id::text, c.display_name, c.legal_name, coalesce(c.uscc, ''), c.region,
         c.owner_org_unit, v.hashes, v.matched
    FROM customer.customers c JOIN ranked USING (id)
    LEFT JOIN LATERAL (
      SELECT coalesce(string_agg(encode(h, 'hex'), ','), '') AS hashes,
             coalesce(string_agg(DISTINCT t.id::text, ',') FILTER (WHERE h = ANY($6::bytea[])),
                      '') AS matched
        FROM customer.contacts t,
             LATERAL (VALUES (t.phone_hash), (t.email_hash)) AS x(h)
       WHERE t.customer_id = c.id AND t.state = 1 AND h IS NOT NULL
         AND )sql",
                                             CustomerScopeSql(8, 9), R"sql() AS v ON true
   WHERE c.state = 1 AND c.id::text <> $7)sql");
  return sql;
}

}  // namespace

MatchFacts MatchFactsOf(const v1::Customer& customer) {
  return {.uscc = customer.uscc(),
          .name = NormalizeCompanyName(customer.legal_name()),
          .region = customer.region()};
}

v1::DuplicateMatch::Reason ToReasonProto(MatchReason reason) {
  switch (reason) {
    case MatchReason::kSameUscc:
      return v1::DuplicateMatch::SAME_USCC;
    case MatchReason::kSameName:
      return v1::DuplicateMatch::SAME_NAME;
    case MatchReason::kSameTradeName:
      return v1::DuplicateMatch::SAME_TRADE_NAME;
    case MatchReason::kSharedContact:
      return v1::DuplicateMatch::SHARED_CONTACT;
    case MatchReason::kSimilarTradeNameSameRegion:
      return v1::DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION;
    case MatchReason::kBranchOfSameCompany:
      return v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY;
  }
  return v1::DuplicateMatch::REASON_UNSPECIFIED;
}

std::vector<pg::PreparedStatement> DuplicateFinder::Statements() {
  return {{kUnkeyed, kUnkeyedSql}, {kCandidates, CandidatesSql()}};
}

absl::Status DuplicateFinder::Backfill() {
  for (;;) {
    bool more = false;
    absl::Status status =
        pg::RunInTransaction(pool_,
                             [&](pqxx::work& tx) -> absl::Status {
                               const pqxx::result rows = tx.exec_prepared(kUnkeyed);
                               more = !rows.empty();
                               for (const pqxx::row& row : rows)
                                 WriteMatchKeys(tx, row[0].c_str(), row[1].c_str());
                               return absl::OkStatus();
                             },
                             {.operation = "customer.backfill_match_keys"});
    if (!status.ok()) return status;
    if (!more) return absl::OkStatus();
  }
}

absl::StatusOr<std::vector<DuplicateCandidate>> DuplicateFinder::Search(
    const MatchFacts& query, const std::string& exclude_id, double min_score, int limit,
    const ContactScope& contacts) {
  std::vector<DuplicateCandidate> candidates;
  const NormalizedName& name = query.name;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(
            kCandidates, query.uscc, name.full, KeyLength(name.trade) >= 2 ? name.trade : "",
            name.branch ? name.head : "", auth::TextArrayLiteral(OneEditKeys(name.trade)),
            ByteaArrayLiteral(query.contact_hashes), exclude_id, contacts.all, contacts.org_units);
        for (const pqxx::row& row : rows) {
          MatchFacts facts{.uscc = row[3].c_str(),
                           .name = NormalizeCompanyName(row[2].c_str()),
                           .region = row[4].c_str()};
          for (const absl::string_view hex :
               absl::StrSplit(row[6].c_str(), ',', absl::SkipEmpty())) {
            facts.contact_hashes.push_back(absl::HexStringToBytes(hex));
          }
          Match match = ScoreMatch(query, facts);
          if (match.reasons.empty() || match.score < min_score) continue;
          candidates.push_back(
              {.id = row[0].c_str(),
               .display_name = row[1].c_str(),
               .legal_name = row[2].c_str(),
               .uscc = row[3].c_str(),
               .owner_org_unit = row[5].c_str(),
               .match = std::move(match),
               .matched_contacts = absl::StrSplit(row[7].c_str(), ',', absl::SkipEmpty())});
        }
        return absl::OkStatus();
      },
      "customer.search_duplicates");
  if (!status.ok()) return status;
  std::sort(candidates.begin(), candidates.end(),
            [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
              return a.match.score != b.match.score ? a.match.score > b.match.score : a.id < b.id;
            });
  if (static_cast<int>(candidates.size()) > limit) candidates.resize(limit);
  return candidates;
}

std::vector<std::string> PossibleDuplicatesOf(DuplicateFinder& finder,
                                              const v1::Customer& created) {
  std::vector<std::string> names;
  const std::string id = ParseCustomerName(created.name()).value_or("");
  absl::StatusOr<std::vector<DuplicateCandidate>> similar = finder.Search(
      MatchFactsOf(created), id, kDefaultDuplicateThreshold, kDefaultDuplicateMatches);
  if (similar.ok()) {
    for (const DuplicateCandidate& candidate : *similar) {
      names.push_back(crm::StrCat("customers/", candidate.id));
    }
  }
  return names;
}

}  // namespace crm::customer
