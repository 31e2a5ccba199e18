// The group-structure file parser of `crmctl hierarchy import` on any file:
// it ends, every problem names a line of the file and one of the documented
// fields with a reason that is valid UTF-8 (problems are printed and sent in
// protobuf strings), and a file without problems holds only rows the
// request can carry: valid UTF-8 text, a known edge type, an ownership
// percentage of 0-100 or none, each on a line of the file.

#include <cstdint>
#include <set>
#include <sstream>
#include <string>

#include "tests/fuzz/targets/fuzz_check.h"
#include "tools/crmctl/structure_csv.h"

namespace {

using crm::fuzz::IsValidUtf8;
namespace v1 = ::crm::hierarchy::v1;

int CountLines(std::string_view text) {
  int lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines + (text.empty() || text.back() == '\n' ? 0 : 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::set<std::string> kFields = {"header", "row",       "parent",
                                                "child",  "edge_type", "ownership_percent"};
  const std::string_view text = crm::fuzz::AsText(data, size);
  std::istringstream in{std::string(text)};
  const crm::crmctl::StructureCsv parsed = crm::crmctl::ParseStructureCsv(in);
  const int lines = std::max(CountLines(text), 1);

  for (const v1::ImportProblem& problem : parsed.problems) {
    FUZZ_CHECK(problem.line() >= 1 && problem.line() <= lines, "line %d of %d", problem.line(),
               lines);
    FUZZ_CHECK(kFields.count(problem.field()) == 1, "%s", problem.field().c_str());
    FUZZ_CHECK(!problem.reason().empty());
    FUZZ_CHECK(IsValidUtf8(problem.reason()), "%s", problem.reason().c_str());
  }
  int previous_line = 0;
  for (const v1::ImportRow& row : parsed.rows) {
    FUZZ_CHECK(row.line() > previous_line && row.line() <= lines);
    previous_line = row.line();
  }
  if (!parsed.problems.empty()) return 0;
  for (const v1::ImportRow& row : parsed.rows) {
    FUZZ_CHECK(!row.parent().empty() && !row.child().empty());
    FUZZ_CHECK(IsValidUtf8(row.parent()) && IsValidUtf8(row.child()), "line %d", row.line());
    FUZZ_CHECK(IsValidUtf8(row.ownership_percent()), "line %d", row.line());
    FUZZ_CHECK(row.edge_type() != v1::EDGE_TYPE_UNSPECIFIED &&
               v1::EdgeType_IsValid(row.edge_type()));
    if (!row.ownership_percent().empty()) {
      const double percent = std::stod(row.ownership_percent());
      FUZZ_CHECK(percent >= 0 && percent <= 100, "%s", row.ownership_percent().c_str());
    }
  }
  return 0;
}
