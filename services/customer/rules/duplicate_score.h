#ifndef CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_
#define CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_

#include <span>
#include <string>
#include <vector>

#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {

// What duplicate matching compares of one customer.
struct MatchFacts {
  std::string uscc;                         // "" when unknown
  NormalizedName name;                      // of the legal name
  std::string region;                       // GB/T 2260 code
  std::vector<std::string> contact_hashes;  // keyed hashes of phones and e-mails
};

// Why two customers may be one legal entity.
enum class MatchReason {
  kSameUscc,
  kSameName,                    // equal once legal forms, width, punctuation are folded
  kSameTradeName,               // equal once a leading region is dropped too
  kSharedContact,               // a contact phone or e-mail in common
  kSimilarTradeNameSameRegion,  // one character apart (信/鑫), same city
  kBranchOfSameCompany,         // a branch of the other, or both of one head office
  kShortForm,                   // the query's trade name begins the candidate's
};

// How the candidate relates to the customer asked about.
enum class MatchRelation {
  kDuplicate,       // likely one legal entity
  kBranch,          // the candidate is a branch of the query
  kHeadOffice,      // the candidate is the query's head office
  kSameHeadOffice,  // both are branches of one head office
};

struct Match {
  double score = 0;                  // 0..1
  std::vector<MatchReason> reasons;  // strongest first
  MatchRelation relation = MatchRelation::kDuplicate;
};

// The default score from which a candidate counts as a duplicate.
inline constexpr double kDefaultDuplicateThreshold = 0.75;
// A branch and its head office (or two branches of one) are related, not one
// entity: shown, under the threshold, with their relation.
inline constexpr double kBranchRelation = 0.60;
// The one candidate a short form (华信, 上海华信, 华信能源) fits.
inline constexpr double kUnambiguousShortForm = 0.80;

// How likely `candidate` is the same legal entity as `query`: the strongest
// reason's weight, a little more for each further reason, and at most 0.5
// when both have USCCs and they differ (two registrations are two entities),
// unless one is a branch of the other. A branch relation (the branch reason
// without a same USCC, name or trade name) scores kBranchRelation with its
// relation. A short form scores kUnambiguousShortForm here, as if it were the
// only one: ResolveShortForms weighs it against the others. A name whose
// region reads two ways (杭州市政诺方) is scored in both readings; the better
// counts.
Match ScoreMatch(const MatchFacts& query, const MatchFacts& candidate);

// One candidate of a search, scored.
struct ScoredCandidate {
  std::string id;
  MatchFacts facts;
  Match match;
};

// Lowers the short-form matches of `scored` (all candidates of one query)
// that are not the one the short form names: when several candidates' trade
// names begin with the query's, those whose rest is industry words only
// (华信 → 华信能源, not 华信达物流) or the query's industry come first; one
// such candidate keeps kUnambiguousShortForm, several share a score under the
// threshold, and the rest score lower still.
void ResolveShortForms(const MatchFacts& query, std::span<ScoredCandidate> scored);

// Whether `a` ranks before `b` as a match for `query`: the higher score,
// then the nearer region (the same code, the same city, the same province;
// first of where they are, then of the regions their names give), the same
// industry word, the smaller edit distance of the full names, and last the
// id, so the order is total and stable.
bool RanksBefore(const MatchFacts& query, const ScoredCandidate& a, const ScoredCandidate& b);

// "SAME_USCC", ...
const char* MatchReasonName(MatchReason reason);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_
