#ifndef CRM_SERVICES_CUSTOMER_MERGE_MERGED_RECORD_H_
#define CRM_SERVICES_CUSTOMER_MERGE_MERGED_RECORD_H_

// The records of a merge and of an unmerge, computed without I/O: which value
// of each identity field survives, the unions of tags, account teams and
// external references, and what an unmerge takes back from the survivor.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"

namespace crm::customer {

// The account-team role a merged customer's owner org unit gets on the
// survivor when the survivor has another owner, so it keeps serving the
// customer it brought.
inline constexpr char kFormerOwnerRole[] = "former-owner";

// The identity fields survivorship decides, in the order they are shown.
const std::vector<std::string>& MergeableFields();

// A field's value as text ("" when empty or unspecified).
std::string FieldValue(const std::string& field, const v1::Customer& customer);

struct MergedRecord {
  v1::Customer customer;                 // the survivor as the merge leaves it
  std::vector<v1::FieldSource> sources;  // one per mergeable field
  // For each merged record (records[1..]), the fields it gave the survivor.
  std::vector<std::vector<std::string>> fields_won;
};

// `records[0]` is the survivor, the rest are merged into it. `overrides`
// maps a field to the index of the record whose value it keeps;
// `trusted_sources` lists source systems, most trusted first.
// FAILED_PRECONDITION when the union of tags is over the limit.
absl::StatusOr<MergedRecord> BuildMergedRecord(
    const std::vector<v1::Customer>& records, const std::vector<std::string>& trusted_sources,
    const absl::flat_hash_map<std::string, int>& overrides);

// What the merge of one record gave the survivor, to take back on unmerge.
struct MergeContribution {
  v1::Customer survivor_before;  // the survivor just before the merge
  v1::Customer survivor_after;   // the survivor just after it
  v1::Customer merged_before;    // the merged record just before it
  std::vector<std::string> fields_won;
};

// The survivor after unmerging one record from `current`: each field the
// merged record won goes back to the survivor's own earlier value unless it
// was edited since; tags, account-team members and external references that
// came only from the merged record leave. Everything else stays as it is now.
v1::Customer SurvivorAfterUnmerge(const v1::Customer& current,
                                  const MergeContribution& contribution);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_MERGE_MERGED_RECORD_H_
