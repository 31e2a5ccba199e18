#include "tools/crmctl/quality_printer.h"

#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

// The completeness the master data should reach on average
// (QualitySummary.average_completeness).
constexpr char kCompletenessTarget[] = "(target > 92%)";

std::string OwnerName(const std::string& owner_org_unit) {
  if (owner_org_unit.empty()) return "(none)";
  return WithoutPrefix(owner_org_unit, "orgUnits/");
}

void PrintSummary(const v1::DataQualityReport& report, std::ostream& out) {
  const v1::QualitySummary& total = report.total();
  RecordPrinter record;
  record.Add("customers", GroupDigits(total.customers()));
  record.Add("average completeness",
             crm::StrCat(FormatPercent(total.average_completeness()), " ", kCompletenessTarget));
  record.Add("missing USCC", GroupDigits(total.missing_uscc()));
  const int64_t in_groups = report.customers_in_duplicate_groups();
  record.Add("likely duplicates",
             crm::StrCat(GroupDigits(report.open_duplicate_groups()),
                         report.open_duplicate_groups() == 1 ? " group" : " groups", " (",
                         GroupDigits(in_groups), in_groups == 1 ? " customer)" : " customers)"));
  record.Print(out);
}

void PrintFields(const v1::QualitySummary& total, std::ostream& out) {
  TablePrinter table({"FIELD", "FILLED", "%"});
  for (const v1::FieldCompleteness& field : total.fields()) {
    table.AddRow({field.field(), GroupDigits(field.filled()), FormatPercent(field.percent())});
  }
  table.Print(out);
}

void PrintOwners(const v1::DataQualityReport& report, std::ostream& out) {
  TablePrinter table({"OWNER", "CUSTOMERS", "AVG_COMPLETENESS", "MISSING_USCC"});
  for (const v1::QualitySummary& owner : report.by_owner_org_unit()) {
    table.AddRow({OwnerName(owner.owner_org_unit()), GroupDigits(owner.customers()),
                  FormatPercent(owner.average_completeness()), GroupDigits(owner.missing_uscc())});
  }
  table.Print(out);
}

}  // namespace

void PrintQualityReport(const v1::DataQualityReport& report, std::ostream& out) {
  PrintSummary(report, out);
  if (!report.total().fields().empty()) {
    out << '\n';
    PrintFields(report.total(), out);
  }
  if (!report.by_owner_org_unit().empty()) {
    out << '\n';
    PrintOwners(report, out);
  }
}

}  // namespace crm::crmctl
