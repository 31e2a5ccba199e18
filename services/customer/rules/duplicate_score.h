#ifndef CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_
#define CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_

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

// Why two customers may be one legal entity, strongest first.
enum class MatchReason {
  kSameUscc,
  kSameName,                    // equal once legal forms, width, punctuation are folded
  kSameTradeName,               // equal once a leading region is dropped too
  kSharedContact,               // a contact phone or e-mail in common
  kSimilarTradeNameSameRegion,  // one character apart (信/鑫), same city
  kBranchOfSameCompany,         // a branch of the other, or both of one head office
};

struct Match {
  double score = 0;  // 0..1
  std::vector<MatchReason> reasons;
};

// The default score from which a candidate counts as a duplicate.
inline constexpr double kDefaultDuplicateThreshold = 0.75;

// How likely `candidate` is the same legal entity as `query`: the strongest
// reason's weight, a little more for each further reason, and at most 0.5
// when both have USCCs and they differ (two registrations are two entities),
// unless one is a branch of the other.
Match ScoreMatch(const MatchFacts& query, const MatchFacts& candidate);

// "SAME_USCC", ...
const char* MatchReasonName(MatchReason reason);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_DUPLICATE_SCORE_H_
