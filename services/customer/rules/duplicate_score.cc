#include "services/customer/rules/duplicate_score.h"

#include <algorithm>
#include <optional>

#include "libs/strings/utf8.h"
#include "services/customer/rules/homophones.h"
#include "services/customer/rules/industry_words.h"
#include "services/customer/rules/region_names.h"

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
    {MatchReason::kShortForm, kUnambiguousShortForm},
    {MatchReason::kBranchOfSameCompany, kBranchRelation},
};

// A trade name one character off by a character that does not sound alike
// (华信/华兴) is as often a neighbour as a typo: shown, but under the default
// threshold. Pinyin typing errors (信/鑫) and a dropped or added character
// keep the full weight.
constexpr double kSimilarButNotHomophone = 0.70;
// A full legal name (with its legal form) whose trade name begins a longer
// one is most often another company (华信能源有限公司, 华信能源科技有限公司):
// offered for recall, well under the threshold.
constexpr double kShortFormOfLegalName = 0.45;
// Several candidates fit a short form: those it names best share this score,
// under the threshold, and the rest score lower still.
constexpr double kAmbiguousShortForm = 0.65;
constexpr double kUnlikelyShortForm = 0.55;
constexpr double kPerExtraReason = 0.03;
constexpr double kConflictingUsccCap = 0.5;

// The GB/T 2260 code of where a customer is: its region field, else the
// region its name gives.
const std::string& PlaceOf(const MatchFacts& facts) {
  return facts.region.empty() ? facts.name.region_code : facts.region;
}

// GB/T 2260: the first four digits name the city (prefecture).
bool SameCity(const std::string& a, const std::string& b) {
  return a.size() >= 4 && b.size() >= 4 && a.compare(0, 4, b, 0, 4) == 0;
}

// Whether every code the two give (region fields and names) can be one place.
bool CanBeOnePlace(const MatchFacts& a, const MatchFacts& b) {
  for (const std::string* x : {&a.region, &a.name.region_code}) {
    for (const std::string* y : {&b.region, &b.name.region_code}) {
      if (!RegionsOverlap(*x, *y)) return false;
    }
  }
  return true;
}

bool ShareAny(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

bool Has(const Match& match, MatchReason reason) {
  return std::find(match.reasons.begin(), match.reasons.end(), reason) != match.reasons.end();
}

// The query's trade name (2+ characters) begins the candidate's longer one:
// 华信 and 华信能源. Branches are left out: a short form names a company.
bool BeginsTradeName(const NormalizedName& query, const NormalizedName& candidate) {
  return !query.branch && !candidate.branch && KeyLength(query.trade) >= 2 &&
         candidate.trade.size() > query.trade.size() && candidate.trade.starts_with(query.trade);
}

std::u32string Decoded(std::string_view utf8) {
  std::u32string text;
  size_t pos = 0;
  while (const std::optional<char32_t> c = DecodeUtf8(utf8, &pos)) text.push_back(*c);
  return text;
}

// What follows the short form in the candidate's trade name is only a line of
// business (华信 → 华信能源, not 华信达物流), or the candidate is in the line
// of business the query names.
bool NamesTheCompany(const MatchFacts& query, const MatchFacts& candidate) {
  const std::string_view rest =
      std::string_view(candidate.name.trade).substr(query.name.trade.size());
  if (IsIndustryWords(Decoded(rest))) return true;
  return !query.name.industry.empty() && query.name.industry == candidate.name.industry;
}

// 3 the same code, 2 the same city, 1 the same province, 0 otherwise.
int Nearness(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 3;
  if (SameCity(a, b)) return 2;
  return a.size() >= 2 && b.size() >= 2 && a.compare(0, 2, b, 0, 2) == 0 ? 1 : 0;
}

MatchRelation BranchRelation(const NormalizedName& query, const NormalizedName& candidate) {
  if (query.branch && candidate.branch) return MatchRelation::kSameHeadOffice;
  return candidate.branch ? MatchRelation::kBranch : MatchRelation::kHeadOffice;
}

// ScoreMatch for one reading of each name.
Match ScoreReadings(const MatchFacts& query, const MatchFacts& candidate) {
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
      q.region.empty() || c.region.empty() || SameCity(PlaceOf(query), PlaceOf(candidate));
  add(MatchReason::kSameTradeName,
      same_kind && KeyLength(q.trade) >= 2 && q.trade == c.trade && q.full != c.full && one_place);
  add(MatchReason::kSharedContact, ShareAny(query.contact_hashes, candidate.contact_hashes));
  // Two characters leave no room for a typo that is not a misheard one: 柳钛
  // and 柳太 (both liu tai) are one name, 柳钛 and 柳铁 two.
  const size_t trade_length = KeyLength(q.trade);
  const bool similar = trade_length >= 3
                           ? KeyDistance(q.trade, c.trade, 1) == 1
                           : trade_length == 2 && DifferByOneHomophone(q.trade, c.trade);
  add(MatchReason::kSimilarTradeNameSameRegion,
      same_kind && q.trade != c.trade && SameCity(PlaceOf(query), PlaceOf(candidate)) && similar);
  add(MatchReason::kBranchOfSameCompany,
      (q.branch && !q.head.empty() && (q.head == c.full || (c.branch && q.head == c.head))) ||
          (c.branch && !c.head.empty() && c.head == q.full));
  add(MatchReason::kShortForm, BeginsTradeName(q, c) && CanBeOnePlace(query, candidate));

  // A branch and its head office are related, not one entity, unless the
  // USCC or the whole name says they are one (the same branch twice).
  const bool one_entity = Has(match, MatchReason::kSameUscc) ||
                          Has(match, MatchReason::kSameName) ||
                          Has(match, MatchReason::kSameTradeName);
  if (Has(match, MatchReason::kBranchOfSameCompany) && !one_entity) {
    match.relation = BranchRelation(q, c);
  }
  const bool related = match.relation != MatchRelation::kDuplicate;
  const bool unlike_sounding =
      DifferByOneSubstitution(q.trade, c.trade) && !DifferByOneHomophone(q.trade, c.trade);
  std::vector<Weighted> weighted;
  for (const Weighted& w : kWeights) {
    if (!Has(match, w.reason)) continue;
    double weight = w.weight;
    if (w.reason == MatchReason::kSimilarTradeNameSameRegion && unlike_sounding) {
      weight = kSimilarButNotHomophone;
    } else if (w.reason == MatchReason::kShortForm && q.legal_form) {
      weight = kShortFormOfLegalName;
    }
    // A relation is named by its reason, first, whatever else they share.
    if (related) weight = w.reason == MatchReason::kBranchOfSameCompany ? 1.0 : 0.0;
    weighted.push_back({w.reason, weight});
  }
  std::stable_sort(weighted.begin(), weighted.end(),
                   [](const Weighted& a, const Weighted& b) { return a.weight > b.weight; });
  match.reasons.clear();
  for (const Weighted& w : weighted) match.reasons.push_back(w.reason);
  if (weighted.empty()) return match;

  match.score = related ? kBranchRelation : weighted.front().weight;
  const double extra = kPerExtraReason * static_cast<double>(weighted.size() - 1);
  // More in common does not make a branch its head office.
  match.score = std::min(related ? kDefaultDuplicateThreshold - 0.05 : 0.99, match.score + extra);
  // Two registrations are two entities, except a branch, which registers
  // on its own and still belongs to its head office.
  if (!related && !query.uscc.empty() && !candidate.uscc.empty() && query.uscc != candidate.uscc) {
    match.score = std::min(match.score, kConflictingUsccCap);
  }
  if (match.reasons.front() == MatchReason::kSameUscc) match.score = 1.0;
  return match;
}

// `facts` read the other way, when its region reads two ways.
std::optional<MatchFacts> OtherReading(const MatchFacts& facts) {
  if (facts.name.other_trade.empty()) return std::nullopt;
  MatchFacts other = facts;
  other.name.trade = facts.name.other_trade;
  other.name.other_trade.clear();
  return other;
}

}  // namespace

Match ScoreMatch(const MatchFacts& query, const MatchFacts& candidate) {
  Match best = ScoreReadings(query, candidate);
  const std::optional<MatchFacts> other_query = OtherReading(query);
  const std::optional<MatchFacts> other_candidate = OtherReading(candidate);
  const auto consider = [&](const MatchFacts& q, const MatchFacts& c) {
    Match match = ScoreReadings(q, c);
    if (match.score > best.score) best = std::move(match);
  };
  if (other_query) consider(*other_query, candidate);
  if (other_candidate) consider(query, *other_candidate);
  if (other_query && other_candidate) consider(*other_query, *other_candidate);
  return best;
}

void ResolveShortForms(const MatchFacts& query, std::span<ScoredCandidate> scored) {
  if (query.name.legal_form) return;  // scored as a legal name already
  // Candidates the short form fits, and those carrying the whole name.
  int fits = 0, named = 0, whole = 0;
  for (const ScoredCandidate& s : scored) {
    if (Has(s.match, MatchReason::kSameName) || Has(s.match, MatchReason::kSameTradeName)) {
      ++whole;
    } else if (Has(s.match, MatchReason::kShortForm)) {
      ++fits;
      if (NamesTheCompany(query, s.facts)) ++named;
    }
  }
  if (fits == 0) return;
  const bool one = whole == 0 && (named == 1 || fits == 1);
  for (ScoredCandidate& s : scored) {
    Match& m = s.match;
    if (m.reasons.empty() || m.reasons.front() != MatchReason::kShortForm) continue;
    const bool names = NamesTheCompany(query, s.facts);
    double weight = kUnlikelyShortForm;
    if (one && (names || named == 0)) {
      weight = kUnambiguousShortForm;
    } else if (names || named == 0) {
      weight = kAmbiguousShortForm;
    }
    // The score is the short form's weight plus what the other reasons add:
    // lower it by the difference.
    m.score = std::max(0.0, m.score - (kUnambiguousShortForm - weight));
  }
}

bool RanksBefore(const MatchFacts& query, const ScoredCandidate& a, const ScoredCandidate& b) {
  if (a.match.score != b.match.score) return a.match.score > b.match.score;
  const std::string& place = PlaceOf(query);
  const int near_a = Nearness(place, PlaceOf(a.facts)), near_b = Nearness(place, PlaceOf(b.facts));
  if (near_a != near_b) return near_a > near_b;
  // The region the query's name gives, as the candidate's name gives it:
  // 芜湖华信 is nearer 芜湖市华信能源 than 安徽华信建设.
  const std::string& named = query.name.region_code;
  const int named_a = Nearness(named, a.facts.name.region_code);
  const int named_b = Nearness(named, b.facts.name.region_code);
  if (named_a != named_b) return named_a > named_b;
  const std::string& industry = query.name.industry;
  const bool industry_a = !industry.empty() && a.facts.name.industry == industry;
  const bool industry_b = !industry.empty() && b.facts.name.industry == industry;
  if (industry_a != industry_b) return industry_a;
  constexpr int kDistanceCap = 6;
  const int distance_a = KeyDistance(query.name.full, a.facts.name.full, kDistanceCap);
  const int distance_b = KeyDistance(query.name.full, b.facts.name.full, kDistanceCap);
  if (distance_a != distance_b) return distance_a < distance_b;
  return a.id < b.id;
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
    case MatchReason::kShortForm:
      return "SHORT_FORM";
  }
  return "UNKNOWN";
}

}  // namespace crm::customer
