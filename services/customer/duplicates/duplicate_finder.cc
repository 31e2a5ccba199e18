#include "services/customer/duplicates/duplicate_finder.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"
#include "services/customer/core/match_keys.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/chinese_readings.h"
#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {
namespace {

constexpr char kUnkeyed[] = "customer.unkeyed";
constexpr char kUnkeyedSql[] =
    "SELECT id::text, legal_name FROM customer.customers WHERE name_key IS NULL LIMIT 500";

// At most this many candidates are read and scored per search, the likeliest
// first (see CandidatesSql): enough for a common trade name's neighbours, few
// enough to score within the latency budget.
constexpr int kMaxCandidatesRead = 300;

// $1 uscc, $2 name key, $3 trade key (2+ characters, else ""), $4 head key
// (of a branch), $5 one-edit keys, $6 contact hashes, $7 the customer to
// leave out, ($8, $9) the data scope whose contacts may be compared, $10 the
// end of the trade key's prefix range, $11 sound key, $12 the query's region
// code, $13 kMaxCandidatesRead. Contacts outside the scope are never read.
//
// Candidates are ranked before they are cut to $13: by how they were found
// (exact keys, then contacts, then the same sound, then a one-edit key or a
// longer trade name beginning with the query's), then by how many keys found
// them, the same region code or city, and how close the trade name's length
// is. A common word shared by many names (市政工程) thus never pushes the
// true match past the cut.
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
    SELECT id, 2 FROM customer.customers WHERE state = 1 AND $11 <> '' AND sound_key = $11
    UNION ALL
    SELECT customer_id, 3 FROM customer.name_keys WHERE key = ANY($5::text[])
    UNION ALL
    -- Longer trade names beginning with the query's (short forms), as a
    -- byte-order range the prefix index serves; the shortest first.
    (SELECT id, 3 FROM customer.customers
      WHERE state = 1 AND $3 <> '' AND trade_key COLLATE "C" > $3
        AND trade_key COLLATE "C" < $10
      ORDER BY length(trade_key) LIMIT $13)
  ),
  ranked AS (
    SELECT c.id, c.display_name, c.legal_name, c.uscc, c.region, c.owner_org_unit
      FROM (SELECT id, min(rank) AS rank, count(*) AS keys FROM hits GROUP BY id) h
      JOIN customer.customers c USING (id)
     WHERE c.state = 1 AND c.id::text <> $7
     ORDER BY h.rank, h.keys DESC, c.region = $12 DESC,
              ($12 <> '' AND left(c.region, 4) = left($12, 4)) DESC,
              abs(length(c.trade_key) - length($3)), c.id
     LIMIT $13)
  SELECT c.id::text, c.display_name, c.legal_name, coalesce(c.uscc, ''), c.region,
         c.owner_org_unit, v.hashes, v.matched
    FROM ranked c
    LEFT JOIN LATERAL (
      SELECT coalesce(string_agg(encode(h, 'hex'), ','), '') AS hashes,
             coalesce(string_agg(DISTINCT t.id::text, ',') FILTER (WHERE h = ANY($6::bytea[])),
                      '') AS matched
        FROM customer.contacts t,
             LATERAL (VALUES (t.phone_hash), (t.email_hash)) AS x(h)
       WHERE t.customer_id = c.id AND t.state = 1 AND h IS NOT NULL
         AND )sql",
                                             CustomerScopeSql(8, 9), R"sql() AS v ON true)sql");
  return sql;
}

// The first key after every key that begins with `prefix` in byte order:
// `prefix` with its last character replaced by the next code point (UTF-8
// orders as code points do).
std::string PrefixEnd(std::string_view prefix) {
  std::u32string text;
  size_t pos = 0;
  while (const std::optional<char32_t> c = DecodeUtf8(prefix, &pos)) text.push_back(*c);
  if (text.empty()) return "";
  char32_t& last = text.back();
  last = last == 0xD7FF ? 0xE000 : last + 1;  // surrogates are no characters
  std::string end;
  for (const char32_t c : text) AppendUtf8(c, &end);
  return end;
}

}  // namespace

MatchFacts MatchFactsOf(const v1::Customer& customer) {
  return {.uscc = customer.uscc(),
          .name = NormalizeCompanyName(customer.legal_name()),
          .region = customer.region()};
}

v1::DuplicateMatch::Relation ToRelationProto(MatchRelation relation) {
  switch (relation) {
    case MatchRelation::kDuplicate:
      return v1::DuplicateMatch::DUPLICATE;
    case MatchRelation::kBranch:
      return v1::DuplicateMatch::BRANCH;
    case MatchRelation::kHeadOffice:
      return v1::DuplicateMatch::HEAD_OFFICE;
    case MatchRelation::kSameHeadOffice:
      return v1::DuplicateMatch::SAME_HEAD_OFFICE;
  }
  return v1::DuplicateMatch::RELATION_UNSPECIFIED;
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
    case MatchReason::kShortForm:
      return v1::DuplicateMatch::SHORT_FORM;
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
                               std::vector<LegalName> unkeyed;
                               for (const pqxx::row& row : tx.exec_prepared(kUnkeyed)) {
                                 unkeyed.push_back({row[0].c_str(), row[1].c_str()});
                               }
                               more = !unkeyed.empty();
                               WriteMatchKeys(tx, unkeyed);
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
  std::vector<ScoredCandidate> scored;
  const NormalizedName& name = query.name;
  const std::string trade = KeyLength(name.trade) >= 2 ? name.trade : "";
  const std::string sound = trade.empty() ? "" : SoundKey(trade);
  const std::string& place = query.region.empty() ? name.region_code : query.region;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        candidates.clear();
        scored.clear();
        const pqxx::result rows = tx.exec_prepared(
            kCandidates, query.uscc, name.full, trade, name.branch ? name.head : "",
            auth::TextArrayLiteral(EditKeysOf(name)), ByteaArrayLiteral(query.contact_hashes),
            exclude_id, contacts.all, contacts.org_units, PrefixEnd(trade), sound, place,
            kMaxCandidatesRead);
        for (const pqxx::row& row : rows) {
          MatchFacts facts{.uscc = row[3].c_str(),
                           .name = NormalizeCompanyName(row[2].c_str()),
                           .region = row[4].c_str()};
          for (const absl::string_view hex :
               absl::StrSplit(row[6].c_str(), ',', absl::SkipEmpty())) {
            facts.contact_hashes.push_back(absl::HexStringToBytes(hex));
          }
          Match match = ScoreMatch(query, facts);
          if (match.reasons.empty()) continue;
          scored.push_back(
              {.id = row[0].c_str(), .facts = std::move(facts), .match = std::move(match)});
          candidates.push_back(
              {.id = row[0].c_str(),
               .display_name = row[1].c_str(),
               .legal_name = row[2].c_str(),
               .uscc = row[3].c_str(),
               .owner_org_unit = row[5].c_str(),
               .matched_contacts = absl::StrSplit(row[7].c_str(), ',', absl::SkipEmpty())});
        }
        return absl::OkStatus();
      },
      "customer.search_duplicates");
  if (!status.ok()) return status;
  // Scored as a whole list: a short form is weighed against the others.
  ResolveShortForms(query, scored);
  std::vector<size_t> order;
  for (size_t i = 0; i < scored.size(); ++i) {
    if (scored[i].match.score >= min_score) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return RanksBefore(query, scored[a], scored[b]); });
  if (static_cast<int>(order.size()) > limit) order.resize(limit);
  std::vector<DuplicateCandidate> best;
  best.reserve(order.size());
  for (const size_t i : order) {
    best.push_back(std::move(candidates[i]));
    best.back().match = std::move(scored[i].match);
  }
  return best;
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
