#include "services/customer/rules/duplicate_score.h"

#include <algorithm>

#include "services/customer/rules/homophones.h"

namespace crm::customer {
namespace {

struct Weighted {
  MatchReason reason;
  double weight;
};

constexpr Weighted kWeights[] = {
    {MatchReason::kSameUscc, 1.00},
    {MatchReason::kSameName, 0.95},
    {MatchReason::kSameTradeName, 0.90},
    {MatchReason::kSharedContact, 0.85},
    {MatchReason::kSimilarTradeNameSameRegion, 0.80},
    {MatchReason::kBranchOfSameCompany, 0.75},
};

// A trade name one character off by a character that does not sound alike
// (华信/华兴) is as often a neighbour as a typo: shown, but under the default
// threshold. Pinyin typing errors (信/鑫) and a dropped or added character
// keep the full weight.
constexpr double kSimilarButNotHomophone = 0.70;
constexpr double kPerExtraReason = 0.03;
constexpr double kConflictingUsccCap = 0.5;

// GB/T 2260: the first four digits name the city (prefecture).
bool SameCity(const std::string& a, const std::string& b) {
  return a.size() >= 4 && b.size() >= 4 && a.compare(0, 4, b, 0, 4) == 0;
}

bool ShareAny(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

}  // namespace

Match ScoreMatch(const MatchFacts& query, const MatchFacts& candidate) {
  const NormalizedName& q = query.name;
  const NormalizedName& c = candidate.name;
  Match match;
  const auto add = [&](MatchReason reason, bool applies) {
    if (applies) match.reasons.push_back(reason);
  };
  add(MatchReason::kSameUscc, !query.uscc.empty() && query.uscc == candidate.uscc);
  // A branch is not its head office: its name differs by the branch marker.
  const bool same_kind = q.branch == c.branch;
  add(MatchReason::kSameName, same_kind && !q.full.empty() && q.full == c.full);
  // The same 字号 in two named cities is usually two companies of one group
  // (无锡华信能源 and 南京华信能源); with a region on one side only, or in the
  // same city, it is one company written two ways.
  const bool one_place =
      q.region.empty() || c.region.empty() || SameCity(query.region, candidate.region);
  add(MatchReason::kSameTradeName,
      same_kind && KeyLength(q.trade) >= 2 && q.trade == c.trade && q.full != c.full && one_place);
  add(MatchReason::kSharedContact, ShareAny(query.contact_hashes, candidate.contact_hashes));
  add(MatchReason::kSimilarTradeNameSameRegion,
      same_kind && KeyLength(q.trade) >= 3 && q.trade != c.trade &&
          SameCity(query.region, candidate.region) && KeyDistance(q.trade, c.trade, 1) == 1);
  add(MatchReason::kBranchOfSameCompany,
      (q.branch && !q.head.empty() && (q.head == c.full || (c.branch && q.head == c.head))) ||
          (c.branch && !c.head.empty() && c.head == q.full));
  const bool unlike_sounding =
      DifferByOneSubstitution(q.trade, c.trade) && !DifferByOneHomophone(q.trade, c.trade);
  for (const Weighted& w : kWeights) {
    if (std::find(match.reasons.begin(), match.reasons.end(), w.reason) != match.reasons.end()) {
      const bool weak = w.reason == MatchReason::kSimilarTradeNameSameRegion && unlike_sounding;
      match.score = std::max(match.score, weak ? kSimilarButNotHomophone : w.weight);
    }
  }
  if (match.reasons.size() > 1) {
    match.score = std::min(0.99, match.score + kPerExtraReason * (match.reasons.size() - 1));
  }
  // Two registrations are two entities, except a branch, which registers
  // on its own and still belongs to its head office.
  const bool branch = std::find(match.reasons.begin(), match.reasons.end(),
                                MatchReason::kBranchOfSameCompany) != match.reasons.end();
  if (!branch && !query.uscc.empty() && !candidate.uscc.empty() && query.uscc != candidate.uscc) {
    match.score = std::min(match.score, kConflictingUsccCap);
  }
  if (!match.reasons.empty() && match.reasons.front() == MatchReason::kSameUscc) {
    match.score = 1.0;
  }
  return match;
}

const char* MatchReasonName(MatchReason reason) {
  switch (reason) {
    case MatchReason::kSameUscc:
      return "SAME_USCC";
    case MatchReason::kSameName:
      return "SAME_NAME";
    case MatchReason::kSameTradeName:
      return "SAME_TRADE_NAME";
    case MatchReason::kSharedContact:
      return "SHARED_CONTACT";
    case MatchReason::kSimilarTradeNameSameRegion:
      return "SIMILAR_TRADE_NAME_SAME_REGION";
    case MatchReason::kBranchOfSameCompany:
      return "BRANCH_OF_SAME_COMPANY";
  }
  return "UNKNOWN";
}

}  // namespace crm::customer
