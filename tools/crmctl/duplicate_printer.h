#ifndef CRM_TOOLS_CRMCTL_DUPLICATE_PRINTER_H_
#define CRM_TOOLS_CRMCTL_DUPLICATE_PRINTER_H_

#include <ostream>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"
#include "tools/crmctl/branch_placer.h"

namespace crm::crmctl {

// A scan's progress in one line: "running, 40% (1,200 pairs scored, 35
// matched)" or "done, 100% (...)".
std::string ScanProgress(const customer::v1::ScanDuplicatesMetadata& metadata, bool done);

// A finished scan: the duplicate groups (score, customer ids, reasons), then
// the branch placements (score, branch, head office and their names), each
// with its total when the server listed fewer.
void PrintScanResult(const customer::v1::ScanDuplicatesResponse& result, std::ostream& out);

// What `customer branches place` did, one row per placement, then the counts.
void PrintPlacementOutcomes(const std::vector<PlacementOutcome>& outcomes, std::ostream& out);

// The outcome in words: "placed", "would place", "skipped", "failed".
std::string PlacementOutcomeName(PlacementOutcome::Kind kind);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_DUPLICATE_PRINTER_H_
