#ifndef CRM_TOOLS_CRMCTL_QUALITY_PRINTER_H_
#define CRM_TOOLS_CRMCTL_QUALITY_PRINTER_H_

#include <ostream>

#include "crm/customer/v1/customer_service.pb.h"

namespace crm::crmctl {

// The data quality report for a terminal: a summary block (customers,
// average completeness against its target, missing USCCs, likely duplicate
// groups), then the completeness of each field, then one row per owner org
// unit. Tables are aligned by display width, so Chinese names line up.
void PrintQualityReport(const customer::v1::DataQualityReport& report, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_QUALITY_PRINTER_H_
