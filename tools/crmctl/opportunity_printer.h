#ifndef CRM_TOOLS_CRMCTL_OPPORTUNITY_PRINTER_H_
#define CRM_TOOLS_CRMCTL_OPPORTUNITY_PRINTER_H_

#include <ostream>
#include <string>

#include "crm/opportunity/v1/opportunity_service.pb.h"

namespace crm::crmctl {

// The pipeline's resources for a terminal: one as a key-value block, lists
// as tables (ids without their prefix, amounts in 万元 for CNY). -o json
// prints the responses themselves.

void PrintOpportunity(const opportunity::v1::Opportunity& opportunity, std::ostream& out);
void PrintOpportunityList(const opportunity::v1::ListOpportunitiesResponse& response,
                          std::ostream& out);
int OpportunityCount(const opportunity::v1::ListOpportunitiesResponse& response);

// Oldest first, as the service gives them.
void PrintHistory(const opportunity::v1::ListOpportunityHistoryResponse& response,
                  std::ostream& out);
int HistoryCount(const opportunity::v1::ListOpportunityHistoryResponse& response);

void PrintActivity(const opportunity::v1::Activity& activity, std::ostream& out);
void PrintActivityList(const opportunity::v1::ListActivitiesResponse& response, std::ostream& out);
int ActivityCount(const opportunity::v1::ListActivitiesResponse& response);

// `crmctl reminders`: each opportunity with why it needs attention.
void PrintStaleList(const opportunity::v1::ListStaleOpportunitiesResponse& response,
                    std::ostream& out);
int StaleCount(const opportunity::v1::ListStaleOpportunitiesResponse& response);

// "no activity for 30 days; follow-up was due 2026-11-20".
std::string StaleReason(const opportunity::v1::StaleOpportunity& stale);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_OPPORTUNITY_PRINTER_H_
