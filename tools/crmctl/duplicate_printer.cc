#include "tools/crmctl/duplicate_printer.h"

#include <map>

#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

// "Listed 2 of 1,500 groups." when the server listed fewer than it found.
void PrintListedOf(int listed, int64_t total, const char* what, std::ostream& out) {
  if (total > listed) {
    out << "Listed " << GroupDigits(listed) << " of " << GroupDigits(total) << ' ' << what << ".\n";
  }
}

}  // namespace

std::string ScanProgress(const v1::ScanDuplicatesMetadata& metadata, bool done) {
  return crm::StrCat(done ? "done" : "running", ", ", metadata.progress_percent(), "% (",
                     GroupDigits(metadata.pairs_scored()), " pairs scored, ",
                     GroupDigits(metadata.pairs_matched()), " matched)");
}

void PrintScanResult(const v1::ScanDuplicatesResponse& result, std::ostream& out) {
  if (result.groups().empty()) {
    out << "No duplicate groups found.\n";
  } else {
    out << "Duplicate groups (" << GroupDigits(result.total_groups()) << ", "
        << GroupDigits(result.customers_in_groups()) << " customers), largest first:\n";
    TablePrinter groups({"SCORE", "CUSTOMERS", "REASONS"});
    for (const v1::DuplicateGroup& group : result.groups()) {
      std::vector<std::string> customers;
      for (const std::string& customer : group.customers()) {
        customers.push_back(LastSegment(customer));
      }
      std::vector<std::string> reasons;
      for (const int reason : group.reasons()) {
        reasons.push_back(DuplicateReasonName(static_cast<v1::DuplicateMatch::Reason>(reason)));
      }
      groups.AddRow({FormatDecimal(group.score(), 2), absl::StrJoin(customers, " "),
                     absl::StrJoin(reasons, ", ")});
    }
    groups.Print(out);
    PrintListedOf(result.groups_size(), result.total_groups(), "groups", out);
  }
  if (result.branch_placements().empty()) {
    out << "No branches found beside their head office.\n";
    return;
  }
  out << "Branches beside their head office (" << GroupDigits(result.total_branch_placements())
      << "), not duplicates; place them in the head office's group with \"crmctl customer "
         "branches place OPERATION\":\n";
  TablePrinter placements({"SCORE", "BRANCH", "BRANCH_NAME", "HEAD_OFFICE", "HEAD_OFFICE_NAME"});
  for (const v1::BranchPlacement& placement : result.branch_placements()) {
    placements.AddRow({FormatDecimal(placement.score(), 2), LastSegment(placement.branch()),
                       placement.branch_legal_name(), LastSegment(placement.head_office()),
                       placement.head_office_legal_name()});
  }
  placements.Print(out);
  PrintListedOf(result.branch_placements_size(), result.total_branch_placements(),
                "branch placements", out);
}

std::string PlacementOutcomeName(PlacementOutcome::Kind kind) {
  switch (kind) {
    case PlacementOutcome::Kind::kPlaced:
      return "placed";
    case PlacementOutcome::Kind::kWouldPlace:
      return "would place";
    case PlacementOutcome::Kind::kSkipped:
      return "skipped";
    case PlacementOutcome::Kind::kFailed:
      return "failed";
  }
  return "";
}

void PrintPlacementOutcomes(const std::vector<PlacementOutcome>& outcomes, std::ostream& out) {
  if (outcomes.empty()) {
    out << "The scan found no branches to place.\n";
    return;
  }
  TablePrinter table({"OUTCOME", "BRANCH", "BRANCH_NAME", "HEAD_OFFICE", "NODE", "WHY"});
  std::map<PlacementOutcome::Kind, int> counts;
  for (const PlacementOutcome& outcome : outcomes) {
    ++counts[outcome.kind];
    table.AddRow({PlacementOutcomeName(outcome.kind), LastSegment(outcome.placement.branch()),
                  outcome.placement.branch_legal_name(),
                  LastSegment(outcome.placement.head_office()), LastSegment(outcome.node),
                  outcome.why});
  }
  table.Print(out);
  std::vector<std::string> summary;
  for (const auto& [kind, count] : counts) {
    summary.push_back(crm::StrCat(PlacementOutcomeName(kind), " ", count));
  }
  out << absl::StrJoin(summary, ", ") << " (of " << outcomes.size() << ").\n";
}

}  // namespace crm::crmctl
