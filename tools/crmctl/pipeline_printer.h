#ifndef CRM_TOOLS_CRMCTL_PIPELINE_PRINTER_H_
#define CRM_TOOLS_CRMCTL_PIPELINE_PRINTER_H_

#include <ostream>

#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::crmctl {

// The pipeline as a board and as a funnel, for a terminal.

// `crmctl pipeline board`: one column per open stage (线索 lead … 谈判
// negotiation), each cell "title · customer · 120.00万" (at most 36
// columns: the title and customer are cut with "…", never the amount), the
// opportunities in the order given; under each column its
// CNY total in 万元 and its count. Columns are aligned by display width, so
// Chinese titles line up; lines carry no trailing blanks. Opportunities that
// are not open are left out.
void PrintBoard(const google::protobuf::RepeatedPtrField<opportunity::v1::Opportunity>& open,
                std::ostream& out);

// `crmctl pipeline funnel`: a table of the stages (count, amount, weighted
// amount, reached, conversion to the next stage, average days in it), the
// totals, win rate and cycle time, and the forecast by month of expected
// close × forecast category.
void PrintFunnel(const opportunity::v1::Funnel& funnel, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_PIPELINE_PRINTER_H_
