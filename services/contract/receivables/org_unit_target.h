#ifndef CRM_SERVICES_CONTRACT_RECEIVABLES_ORG_UNIT_TARGET_H_
#define CRM_SERVICES_CONTRACT_RECEIVABLES_ORG_UNIT_TARGET_H_

#include <string>

namespace crm::contract {

// What "an org unit's subtree" covers in receivables, aging and the
// expiring list, as SQL for a row aliased `alias` ("m" for
// payment_milestones, "c" for contracts; a compile-time constant, never
// input) with the org unit name bound as $`param`: the rows signed in the
// unit's subtree (signing_org_unit_path), or of customers the unit itself
// owns or serves (replica_customers; the replica holds no owner paths, so a
// customer owned by a unit below it counts through its contracts' signing
// unit only). Both arms are index-backed: the path's GIN index, and the
// customer index probed with the array the InitPlan collects.
inline std::string OrgUnitTargetSql(const std::string& alias, int param) {
  const std::string p = "$" + std::to_string(param);
  return "(" + alias + ".signing_org_unit_path @> ARRAY[" + p + "::text] OR " + alias +
         ".customer_id = ANY (ARRAY(SELECT rc.customer_id FROM contract.replica_customers rc"
         " WHERE rc.owner_org_unit = " +
         p + " OR rc.account_team @> ARRAY[" + p + "::text])))";
}

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RECEIVABLES_ORG_UNIT_TARGET_H_
