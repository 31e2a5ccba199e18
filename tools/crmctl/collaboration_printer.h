#ifndef CRM_TOOLS_CRMCTL_COLLABORATION_PRINTER_H_
#define CRM_TOOLS_CRMCTL_COLLABORATION_PRINTER_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "crm/collaboration/v1/collaboration_service.pb.h"

namespace crm::crmctl {

// Collaboration requests, attributions and the credit report for a
// terminal: one resource as a key-value block, lists as tables (ids without
// their prefix), the board as columns. -o json prints the responses
// themselves.

void PrintCollaborationRequest(const collaboration::v1::CollaborationRequest& request,
                               std::ostream& out);
void PrintCollaborationRequestList(
    const collaboration::v1::ListCollaborationRequestsResponse& response, std::ostream& out);
int CollaborationRequestCount(const collaboration::v1::ListCollaborationRequestsResponse& response);

void PrintTimelineEntry(const collaboration::v1::TimelineEntry& entry, std::ostream& out);
// Oldest first: when, who, what ("designing → pending-approval"), the
// comment.
void PrintTimeline(const collaboration::v1::ListCollaborationTimelineResponse& response,
                   std::ostream& out);
int TimelineCount(const collaboration::v1::ListCollaborationTimelineResponse& response);

// `crmctl collab board` (协同看板): one column per step, 待调研 to-survey …
// 已完成 done, each card three lines: its urgency marked ("[特急]",
// "[紧急]"; none for general) before the title; the customer and the step's
// owner; the due time and the time left or overdue ("overdue 1h20m"), and
// "unanswered" or "escalated" when so. In an open column the overdue cards
// come first (then the order the service gives: soonest due). Under each
// column its count, how many are overdue and how many are not shown.
void PrintCollaborationBoard(const collaboration::v1::CollaborationBoard& board, std::ostream& out);

// "45m left", "2h30m left", "3d4h left"; "overdue 1h20m" when negative.
std::string TimeLeft(int64_t seconds_left);

void PrintSlaPolicy(const collaboration::v1::SlaPolicy& policy, std::ostream& out);

// An attribution: the deal, its state and the contributors as a table
// (roles, the four scores, weighted score, share, credited amount).
void PrintAttribution(const collaboration::v1::Attribution& attribution, std::ostream& out);
// A table with each attribution's split ("sub-north 60.00%, sub-south
// 40.00%"; empty before it is scored).
void PrintAttributionList(const collaboration::v1::ListAttributionsResponse& response,
                          std::ostream& out);
int AttributionCount(const collaboration::v1::ListAttributionsResponse& response);
// Oldest first; an adjustment shows the shares before and after it.
void PrintAttributionHistory(const collaboration::v1::ListAttributionHistoryResponse& response,
                             std::ostream& out);
void PrintAttributionPolicy(const collaboration::v1::AttributionPolicy& policy, std::ostream& out);

// The org units by credited amount with deals, average share and what they
// owned; then the deals and their total, and whether the report is partial.
void PrintCreditReport(const collaboration::v1::CreditReport& report, std::ostream& out);

// "40.00%" from basis points.
std::string SharePercent(int32_t basis_points);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COLLABORATION_PRINTER_H_
