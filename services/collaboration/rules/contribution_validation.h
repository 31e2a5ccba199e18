#ifndef CRM_SERVICES_COLLABORATION_RULES_CONTRIBUTION_VALIDATION_H_
#define CRM_SERVICES_COLLABORATION_RULES_CONTRIBUTION_VALIDATION_H_

// What valid contributors of an attribution and a valid attribution policy
// are. Every problem is added at once, under the request's field names.

#include <string_view>

#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/status/status.h"

namespace crm::collaboration {

inline constexpr size_t kMaxContributors = 20;
inline constexpr size_t kMaxEvidence = 20;
inline constexpr size_t kMaxEvidenceLinkChars = 2000;
inline constexpr int kMaxScore = 100;
inline constexpr int kMinDisputeDays = 1;
inline constexpr int kMaxDisputeDays = 90;
inline constexpr char kAttributionPolicyName[] = "attributionPolicy";

using Contributors = google::protobuf::RepeatedPtrField<v1::Contributor>;

struct ContributorRules {
  // Every contributor must carry scores (an adjustment); otherwise an unset
  // scores means "not scored yet" (a draft).
  bool scores_required = false;
};

// Adds a violation for every problem of `contributors` (under `field`, e.g.
// "attribution.contributors"): 1-20 of them; each org unit a name like
// orgUnits/sub-east, none given twice; scores, when set, 0-100 on each
// dimension; up to 20 evidence items each activities/{uuid},
// collaborationRequests/{uuid}, opportunities/{uuid}, contracts/{uuid} or an
// https:// link of up to 2,000 characters. Roles and output-only fields are
// not looked at (the service decides roles).
void ValidateContributors(const Contributors& contributors, std::string_view field,
                          status::FieldViolations& violations, ContributorRules rules = {});

// Whether `evidence` is one of the forms above.
bool IsEvidence(std::string_view evidence);

// Adds a violation unless each weight is 0-10,000 basis points and they sum
// to exactly 10,000 (under `field`, e.g. "attribution_policy.weights").
void ValidateWeights(const v1::DimensionWeights& weights, std::string_view field,
                     status::FieldViolations& violations);

// A policy sent to UpdateAttributionPolicy, under "attribution_policy.…":
// the name empty or attributionPolicy; the weights as ValidateWeights;
// dispute_days 1-90.
void ValidateAttributionPolicy(const v1::AttributionPolicy& policy,
                               status::FieldViolations& violations);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_CONTRIBUTION_VALIDATION_H_
