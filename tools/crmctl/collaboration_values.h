#ifndef CRM_TOOLS_CRMCTL_COLLABORATION_VALUES_H_
#define CRM_TOOLS_CRMCTL_COLLABORATION_VALUES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"

namespace crm::crmctl {

// Values of the collaboration, attribution and credit commands as people
// type them. Errors are usage errors naming the flag, e.g. "--score:
// \"sub-east=40,50\" is not ORGUNIT=INFORMATION,RESOURCES,...".

// --participant ORGUNIT:TASK[:users/OWNER], e.g. "sub-north:园区光储系统方案设计"
// or "sub-south:储能柜供货:users/lin.na". The task may hold colons; a last
// part is the owner only when it starts with "users/".
absl::StatusOr<collaboration::v1::Participant> ParseParticipant(std::string_view text);

// --score ORGUNIT=INFORMATION,RESOURCES,PARTICIPATION,CUSTOMER_EVALUATION,
// each 0-100, e.g. "sub-south=60,20,40,50".
struct ScoreFlag {
  std::string org_unit;  // "orgUnits/sub-south"
  collaboration::v1::ContributionScores scores;
};
absl::StatusOr<ScoreFlag> ParseScore(std::string_view text, std::string_view flag);

// --evidence ORGUNIT=REFERENCE, e.g. "sub-south=collaborationRequests/r1";
// the service checks the reference's form.
struct EvidenceFlag {
  std::string org_unit;
  std::string reference;
};
absl::StatusOr<EvidenceFlag> ParseEvidence(std::string_view text);

// The contributors an attribution is to have after `attribution score` or
// `attribution adjust`: the current ones (org unit, roles, scores,
// evidence; not what the service computes), each --score replacing the
// scores of its org unit or adding it (the service marks it ADDED), each
// --evidence appended to its org unit's unless it is there already, each of
// `removed` (org unit names)
// left out. An --evidence or removal of an org unit that is not a
// contributor is a usage error, as is an org unit scored twice.
absl::StatusOr<std::vector<collaboration::v1::Contributor>> ApplyScores(
    const google::protobuf::RepeatedPtrField<collaboration::v1::Contributor>& current,
    const std::vector<ScoreFlag>& scores, const std::vector<EvidenceFlag>& evidence,
    const std::vector<std::string>& removed);

// --rule URGENCY:RESPONSE:STEP_DAYS, e.g. "critical:2h:1" (answer within 2
// hours, a step takes 1 working day) or "general:3wd:5" (3 working days).
absl::StatusOr<collaboration::v1::SlaRule> ParseSlaRule(std::string_view text);

// --weights INFORMATION,RESOURCES,PARTICIPATION,CUSTOMER_EVALUATION in
// percent with up to two decimals, e.g. "20,30,30,20", as basis points.
// Whether they add up to 100 % is the service's to say.
absl::StatusOr<collaboration::v1::DimensionWeights> ParseWeights(std::string_view text);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COLLABORATION_VALUES_H_
