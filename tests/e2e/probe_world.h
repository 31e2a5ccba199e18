#ifndef CRM_TESTS_E2E_PROBE_WORLD_H_
#define CRM_TESTS_E2E_PROBE_WORLD_H_

// A seller organisation and customer data to probe the gateway with: a user
// of every role, two subsidiaries that each own customers, contacts, a
// customer group, an opportunity, an activity, contracts, a collaboration
// request and an attribution, scores, a churn warning, a tier proposal, a
// survey and a sales target, and the real ids of all of them as
// $PLACEHOLDERS for
// requests written in protobuf text format. Also a fingerprint of every
// table a call could write, to show that a refused call wrote nothing.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "libs/status/status.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::e2e {

// The roles of the seller organisation, as permissions.conf names them.
const std::vector<std::string>& AllRoles();

class ProbeWorld final {
 public:
  // Seeds `servers` (started) through the gateway, as its users would.
  // Failures are test failures.
  void Seed(gateway::testing::SuiteServers& servers);

  // A token for a user holding only `role`: hq_admin and strategy sit at HQ
  // (they see everything), the others in subsidiary sub-east. "other_sales",
  // "other_org_admin" and "other_legal" are sub-west's.
  std::string TokenAs(std::string_view role) const;

  // `text` with {{N*piece}} repeated N times and every $NAME replaced:
  //   $CUSTOMER $CUSTOMER_ID $CUSTOMER_USCC $CUSTOMER2 $CUSTOMER2_USCC $CONTACT
  //   $NODE $DEPT_NODE $ORG_UNIT $TEAM $USER      (sub-east's; $CUSTOMER2_USCC
  //                                               is 91310115MA1K3YJ5X8)
  //   $OPPORTUNITY  an open opportunity (LEAD) on $CUSTOMER by $USER, its
  //                 next follow-up date in the past (so it is stale)
  //   $OPPORTUNITY_ETAG  its current etag (escaped for a string; refused
  //                 calls keep it current), so that a change is refused for
  //                 what it asks, not for its etag
  //   $ACTIVITY     a visit on $CUSTOMER and $OPPORTUNITY
  //   $CONTRACT     a standalone contract of $CUSTOMER signed by sub-east,
  //                 500,000.00 CNY, in force (started half a year ago, ends
  //                 in 300 days), milestones 200,000.00 CNY due a
  //                 month ago (overdue) and 300,000.00 CNY due in half a year
  //   $DRAFT_CONTRACT  the same, still a draft
  //   $CONTRACT_ETAG, $DRAFT_CONTRACT_ETAG  their etags (escaped, as above)
  //   $CONTRACT_ID  the uuid of $CONTRACT
  //   $OTHER_PENDING_CONTRACT  sub-west's contract waiting for legal's approval
  //   $COLLAB_REQUEST  an urgent request of sub-east on $CUSTOMER asking
  //                 $TEAM (which acknowledged it) and $NORTH_ORG_UNIT
  //                 (orgUnits/sub-north, a subsidiary without users)
  //   $COLLAB_REQUEST_ETAG, $COLLAB_REQUEST_ID  its etag (escaped) and uuid
  //   $ATTRIBUTION  the DRAFT attribution $CONTRACT opened (sub-east owns it
  //                 and is its one contributor); $ATTRIBUTION_ETAG
  //   $OTHER_COLLAB_REQUEST  sub-west's request on $OTHER_CUSTOMER asking
  //                 sub-north; $OTHER_ATTRIBUTION, of $OTHER_CONTRACT
  //   $QUARTER      the current quarter (Asia/Shanghai), e.g. 2026Q4
  //   $RISK_CUSTOMER  a customer of sub-east drifting away (complaints and
  //                 delivery problems 40 days ago, no visit, a contract
  //                 ending in 30 days with 300,000.00 CNY 60 days overdue)
  //   $CHURN_WARNING  its open churn warning; $CHURN_WARNING_ETAG
  //   $TIER_PROPOSAL  the pending proposal (C to A) of $QUARTER's review
  //                 for $CUSTOMER, which the strategy centre marked
  //                 strategic; $TIER_PROPOSAL_ETAG; $TIER_REVIEW the review
  //   $SURVEY       sub-east's survey answer of $CONTACT for $QUARTER
  //                 (each subsidiary has a sales target for $QUARTER)
  //   $FACTS_REBUILD  a finished rebuild of the facts, started by HQ
  //   $OTHER_... the same names for sub-west's
  //   $OPERATION  a duplicate scan HQ started
  //   $STALE_ETAG an etag no record has yet (already escaped for a string)
  //   $MISSING_CUSTOMER $MISSING_CONTACT $MISSING_NODE $MISSING_OPPORTUNITY
  //   $MISSING_CONTRACT $MISSING_COLLAB_REQUEST $MISSING_ATTRIBUTION
  //   $MISSING_CHURN_WARNING $MISSING_FACTS_REBUILD $MISSING_TIER_PROPOSAL
  //               well formed, absent
  //   $NEW_USCC   a valid USCC no customer has
  //   $UNIQUE     a number different on every use
  //   $FRESH_CONTACT  a new contact of $CUSTOMER, created as HQ for this use
  // An unknown $NAME is a test failure.
  std::string Expand(std::string_view text);

  // Row counts and version sums of every table a public RPC writes (the
  // customer, hierarchy, organisation, opportunity, contract, collaboration
  // and scoring schemas).
  std::string Fingerprint() const;
  // Waits until background work (followers, relays) leaves the fingerprint
  // unchanged for a moment.
  void WaitUntilQuiet() const;
  // Waits until the opportunity, contract, collaboration and scoring
  // services' copies of the customer groups (they follow the hierarchy's
  // feed) hold `nodes` ("nodes/{id}").
  void WaitForGroupReplica(const std::vector<std::string>& nodes) const;

  const std::map<std::string, std::string>& placeholders() const { return placeholders_; }

 private:
  std::string FreshContact();
  // The scoring service's part of Seed.
  void SeedScoring();

  gateway::testing::SuiteServers* servers_ = nullptr;
  std::map<std::string, std::string> placeholders_;
  int unique_ = 0;
};

// What every error a caller sees must satisfy, whatever the request: a code
// that says what kind of error it is (never UNIMPLEMENTED, INTERNAL or
// UNKNOWN), exactly one ErrorInfo, a message and field-violation
// descriptions that are valid UTF-8, at most 1 KiB and free of SQL text.
// Returns the problems found (empty: none).
std::vector<std::string> ErrorHygieneProblems(const grpc::Status& status);

// True when `actual` names `expected` or a part of it ("customer.tags"
// covers "customer.tags[3]" and "customer.tags.x").
bool FieldCovers(std::string_view expected, std::string_view actual);

// grpc::StatusCode <-> "INVALID_ARGUMENT".
std::string CodeName(grpc::StatusCode code);
bool ParseCodeName(std::string_view name, grpc::StatusCode* code);

}  // namespace crm::e2e

#endif  // CRM_TESTS_E2E_PROBE_WORLD_H_
