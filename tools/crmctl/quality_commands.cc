#include "tools/crmctl/quality_commands.h"

#include "tools/crmctl/command_support.h"
#include "tools/crmctl/quality_printer.h"
#include "tools/crmctl/quality_requests.h"

namespace crm::crmctl {

absl::Status RunQualityReport(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildQualityReportRequest,
                  &CustomerStub::GetDataQualityReport, PrintQualityReport);
}

std::vector<CommandSpec> QualityCommands() {
  return {
      {.path = "quality report",
       .summary = "how complete and clean the customer master data is",
       .details = "Counts the live customers in your scope: the average data "
                  "completeness (target above 92%) and that of each required "
                  "field, customers without a USCC, and groups of customers "
                  "sharing a legal name or trade name, likely duplicates to review "
                  "with \"crmctl customer duplicates ID\"; then the same per owner "
                  "org unit.",
       .flags = {{.name = "owner",
                  .value_name = "ORGUNIT",
                  .help = "only customers owned by ORGUNIT, e.g. sub-east"}},
       .run = Dispatch<RunQualityReport>},
  };
}

}  // namespace crm::crmctl
