#include "services/customer/duplicates/duplicate_scanner.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/duplicates/duplicate_finder.h"
#include "services/customer/rules/duplicate_score.h"

namespace crm::customer {
namespace {

// The ids are cut into 256 slices by their first two hex digits: each slice
// does work in proportion to its own customers (index lookups from them), and
// progress and cancellation happen between slices.
constexpr int kSlices = 256;
// A one-edit key shared by more customers than this says little (e.g. a
// common industry word) and would make the pairs grow quadratically.
constexpr int kMaxKeyMembers = 50;
constexpr size_t kMaxGroupsReturned = 1000;
constexpr size_t kMaxPlacementsReturned = 1000;
// A slice of a million customers takes a few seconds on a busy host; the
// pool's statement timeout is for calls, not for this.
constexpr char kSliceTimeout[] = "SET LOCAL statement_timeout = '10min'";
// Planning is cheap next to JIT compilation, which cost seconds per slice.
constexpr char kNoJit[] = "SET LOCAL jit = off";

constexpr char kPairs[] = "customer.scan_pairs";
// $1, $2: the slice's id range (the smaller id of a pair); $3: kMaxKeyMembers.
// Live customers of the slice are looked up against all live customers by
// index, key by key; a one-edit key counts its members, live or not, and the
// last join keeps pairs of live customers only. The sound key is joined for
// two-character trade names only (longer ones one sound apart share a
// one-edit key already), and, like a one-edit key, only while few share it.
constexpr char kPairsSql[] = R"sql(
  WITH mine AS MATERIALIZED (
    SELECT id, uscc, name_key, trade_key, head_key, sound_key FROM customer.customers
    WHERE state = 1 AND id BETWEEN $1::uuid AND $2::uuid),
  pairs AS (
    SELECT a.id AS a, b.id AS b FROM mine a JOIN customer.customers b
      ON b.uscc = a.uscc AND a.id < b.id AND b.state = 1
    UNION SELECT a.id, b.id FROM mine a JOIN customer.customers b
      ON b.name_key = a.name_key AND a.id < b.id AND b.state = 1 WHERE a.name_key <> ''
    UNION SELECT a.id, b.id FROM mine a JOIN customer.customers b
      ON b.trade_key = a.trade_key AND a.id < b.id AND b.state = 1
      WHERE length(a.trade_key) >= 2
    UNION SELECT a.id, b.id FROM mine a JOIN customer.customers b
      ON b.head_key = a.name_key AND a.id < b.id AND b.state = 1 AND b.head_key <> ''
      WHERE a.name_key <> ''
    UNION SELECT a.id, b.id FROM mine a JOIN customer.customers b
      ON b.name_key = a.head_key AND a.id < b.id AND b.state = 1 WHERE a.head_key <> ''
    UNION SELECT a.id, b.id FROM mine a JOIN customer.customers b
      ON b.head_key = a.head_key AND a.id < b.id AND b.state = 1 AND b.head_key <> ''
      WHERE a.head_key <> ''
    UNION SELECT a.id, other FROM mine a
      CROSS JOIN LATERAL (
        SELECT array_agg(b.id) AS ids FROM (
          SELECT b.id FROM customer.customers b WHERE b.sound_key = a.sound_key AND b.state = 1
          LIMIT $3 + 1) b) m
      CROSS JOIN LATERAL unnest(m.ids) AS other
      WHERE length(a.trade_key) = 2 AND cardinality(m.ids) BETWEEN 2 AND $3 AND other > a.id
    UNION SELECT k1.customer_id, other FROM customer.name_keys k1
      CROSS JOIN LATERAL (
        SELECT array_agg(k2.customer_id) AS ids FROM (
          SELECT k2.customer_id FROM customer.name_keys k2 WHERE k2.key = k1.key
          LIMIT $3 + 1) k2) m
      CROSS JOIN LATERAL unnest(m.ids) AS other
      WHERE k1.customer_id BETWEEN $1::uuid AND $2::uuid
        AND cardinality(m.ids) BETWEEN 2 AND $3 AND other > k1.customer_id
    UNION SELECT t1.customer_id, t2.customer_id
      FROM customer.contacts t1 JOIN customer.contacts t2
        ON t2.phone_hash = t1.phone_hash AND t1.customer_id < t2.customer_id
      WHERE t1.state = 1 AND t2.state = 1 AND t1.customer_id BETWEEN $1::uuid AND $2::uuid
    UNION SELECT t1.customer_id, t2.customer_id
      FROM customer.contacts t1 JOIN customer.contacts t2
        ON t2.email_hash = t1.email_hash AND t1.customer_id < t2.customer_id
      WHERE t1.state = 1 AND t2.state = 1 AND t1.customer_id BETWEEN $1::uuid AND $2::uuid)
  SELECT p.a::text, p.b::text FROM pairs p
    JOIN customer.customers la ON la.id = p.a AND la.state = 1
    JOIN customer.customers lb ON lb.id = p.b AND lb.state = 1)sql";

// The first and last uuid whose first two hex digits are those of `slice`.
std::pair<std::string, std::string> SliceBounds(int slice) {
  constexpr char kHex[] = "0123456789abcdef";
  const std::string prefix = {kHex[slice / 16], kHex[slice % 16]};
  return {prefix + "000000-0000-0000-0000-000000000000",
          prefix + "ffffff-ffff-ffff-ffff-ffffffffffff"};
}

constexpr char kFacts[] = "customer.scan_facts";
constexpr char kFactsSql[] = R"sql(
  SELECT c.id::text, c.legal_name, coalesce(c.uscc, ''), c.region,
         coalesce((SELECT string_agg(encode(h, 'hex'), ',')
                     FROM customer.contacts t,
                          LATERAL (VALUES (t.phone_hash), (t.email_hash)) AS v(h)
                    WHERE t.customer_id = c.id AND t.state = 1 AND h IS NOT NULL), '')
    FROM customer.customers c WHERE c.id = ANY($1::uuid[]))sql";

// Union-find over customer ids.
class Groups {
 public:
  void Join(const std::string& a, const std::string& b) {
    const size_t x = Find(Index(a)), y = Find(Index(b));
    if (x != y) parent_[x] = y;
  }
  // Groups of two or more, as member lists.
  std::vector<std::vector<std::string>> Collect() {
    absl::flat_hash_map<size_t, std::vector<std::string>> by_root;
    for (size_t i = 0; i < ids_.size(); ++i) by_root[Find(i)].push_back(ids_[i]);
    std::vector<std::vector<std::string>> groups;
    for (auto& [root, members] : by_root) {
      if (members.size() < 2) continue;
      std::sort(members.begin(), members.end());
      groups.push_back(std::move(members));
    }
    return groups;
  }

 private:
  size_t Index(const std::string& id) {
    const auto [it, inserted] = index_.emplace(id, ids_.size());
    if (inserted) {
      ids_.push_back(id);
      parent_.push_back(ids_.size() - 1);
    }
    return it->second;
  }
  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<std::string> ids_;
  std::vector<size_t> parent_;
};

struct GroupFacts {
  double score = 0;
  absl::flat_hash_set<int> reasons;
};

// The most certain first, then by the branch's id.
void SortPlacements(std::vector<v1::BranchPlacement>& placements) {
  std::sort(placements.begin(), placements.end(),
            [](const v1::BranchPlacement& x, const v1::BranchPlacement& y) {
              if (x.score() != y.score()) return x.score() > y.score();
              return x.branch() < y.branch();
            });
}

}  // namespace

std::vector<pg::PreparedStatement> DuplicateScanner::Statements() {
  return {{kPairs, kPairsSql}, {kFacts, kFactsSql}};
}

absl::StatusOr<v1::ScanDuplicatesResponse> DuplicateScanner::Scan(
    double min_score, v1::ScanDuplicatesMetadata& metadata, const Progress& progress) {
  Groups groups;
  // The best score and the reasons of matched pairs, by the pair's first id.
  std::vector<std::tuple<std::string, double, std::vector<MatchReason>>> matched;
  // A branch beside its head office: a relation to place, not a duplicate.
  std::vector<v1::BranchPlacement> placements;
  for (int slice = 0; slice < kSlices; ++slice) {
    std::vector<std::pair<std::string, std::string>> pairs;
    absl::flat_hash_map<std::string, MatchFacts> facts;
    absl::flat_hash_map<std::string, std::string> legal_names;
    const auto [first, last] = SliceBounds(slice);
    absl::Status status = pg::RunInTransaction(
        pool_,
        [&](pqxx::work& tx) {
          pairs.clear();
          facts.clear();
          legal_names.clear();
          tx.exec0(kSliceTimeout);
          tx.exec0(kNoJit);
          std::vector<std::string> ids;
          for (const pqxx::row& row : tx.exec_prepared(kPairs, first, last, kMaxKeyMembers)) {
            pairs.emplace_back(row[0].c_str(), row[1].c_str());
            for (const std::string& id : {pairs.back().first, pairs.back().second}) {
              if (facts.emplace(id, MatchFacts{}).second) ids.push_back(id);
            }
          }
          if (ids.empty()) return absl::OkStatus();
          for (const pqxx::row& row : tx.exec_prepared(kFacts, auth::TextArrayLiteral(ids))) {
            MatchFacts& f = facts[row[0].c_str()];
            f.name = NormalizeCompanyName(row[1].c_str());
            legal_names[row[0].c_str()] = row[1].c_str();
            f.uscc = row[2].c_str();
            f.region = row[3].c_str();
            for (const absl::string_view hex :
                 absl::StrSplit(row[4].c_str(), ',', absl::SkipEmpty())) {
              f.contact_hashes.push_back(absl::HexStringToBytes(hex));
            }
          }
          return absl::OkStatus();
        },
        {.operation = "customer.scan_duplicates"});
    if (!status.ok()) return status;
    for (const auto& [a, b] : pairs) {
      Match match = ScoreMatch(facts[a], facts[b]);
      metadata.set_pairs_scored(metadata.pairs_scored() + 1);
      if (match.reasons.empty()) continue;
      if (match.relation != MatchRelation::kDuplicate) {
        // Two branches of one head office are placed each beside it.
        if (match.relation == MatchRelation::kSameHeadOffice) continue;
        const bool b_is_branch = match.relation == MatchRelation::kBranch;
        const std::string& branch = b_is_branch ? b : a;
        const std::string& head = b_is_branch ? a : b;
        v1::BranchPlacement& placement = placements.emplace_back();
        placement.set_branch(crm::StrCat("customers/", branch));
        placement.set_branch_legal_name(legal_names[branch]);
        placement.set_head_office(crm::StrCat("customers/", head));
        placement.set_head_office_legal_name(legal_names[head]);
        placement.set_score(match.score);
        continue;
      }
      if (match.score < min_score) continue;
      metadata.set_pairs_matched(metadata.pairs_matched() + 1);
      groups.Join(a, b);
      matched.emplace_back(a, match.score, std::move(match.reasons));
    }
    metadata.set_progress_percent(static_cast<int32_t>((slice + 1) * 100 / kSlices));
    if (progress(metadata)) return absl::CancelledError("the scan was cancelled");
  }

  // Each group's best score and every reason that joined two of its members.
  std::vector<std::vector<std::string>> members = groups.Collect();
  absl::flat_hash_map<std::string, size_t> group_of;
  for (size_t g = 0; g < members.size(); ++g) {
    for (const std::string& id : members[g]) group_of[id] = g;
  }
  std::vector<GroupFacts> group_facts(members.size());
  for (const auto& [id, score, reasons] : matched) {
    GroupFacts& g = group_facts[group_of.at(id)];
    g.score = std::max(g.score, score);
    for (const MatchReason reason : reasons) g.reasons.insert(static_cast<int>(reason));
  }
  std::vector<size_t> order(members.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    if (members[x].size() != members[y].size()) return members[x].size() > members[y].size();
    if (group_facts[x].score != group_facts[y].score)
      return group_facts[x].score > group_facts[y].score;
    return members[x].front() < members[y].front();
  });
  v1::ScanDuplicatesResponse response;
  response.set_total_groups(static_cast<int64_t>(members.size()));
  response.set_total_branch_placements(static_cast<int64_t>(placements.size()));
  SortPlacements(placements);
  for (size_t i = 0; i < placements.size() && i < kMaxPlacementsReturned; ++i) {
    *response.add_branch_placements() = std::move(placements[i]);
  }
  for (const size_t g : order) {
    response.set_customers_in_groups(response.customers_in_groups() +
                                     static_cast<int64_t>(members[g].size()));
    if (static_cast<size_t>(response.groups_size()) >= kMaxGroupsReturned) continue;
    v1::DuplicateGroup* out = response.add_groups();
    for (const std::string& id : members[g]) out->add_customers(crm::StrCat("customers/", id));
    out->set_score(group_facts[g].score);
    std::vector<int> reasons(group_facts[g].reasons.begin(), group_facts[g].reasons.end());
    std::sort(reasons.begin(), reasons.end());
    for (const int reason : reasons) {
      out->add_reasons(ToReasonProto(static_cast<MatchReason>(reason)));
    }
  }
  return response;
}

}  // namespace crm::customer
