#include "services/hierarchy/structure_import.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "libs/strings/str_cat.h"
#include "services/hierarchy/hierarchy_rules.h"

namespace crm::hierarchy {

v1::ImportProblem Problem(int32_t line, std::string field, std::string reason) {
  v1::ImportProblem problem;
  problem.set_line(line);
  problem.set_field(std::move(field));
  problem.set_reason(std::move(reason));
  return problem;
}

std::vector<v1::ImportProblem> CheckImportRows(const v1::ImportStructureRequest& request) {
  std::vector<v1::ImportProblem> problems;
  absl::flat_hash_map<std::string, int32_t> child_line;  // child key -> first line
  absl::flat_hash_map<std::string, std::string> parent_of;
  for (const v1::ImportRow& row : request.rows()) {
    const int32_t line = row.line();
    if (row.parent().empty()) problems.push_back(Problem(line, "parent", "is required"));
    if (row.child().empty()) problems.push_back(Problem(line, "child", "is required"));
    if (!row.parent().empty() && row.parent() == row.child()) {
      problems.push_back(Problem(line, "child", "is the same as the parent"));
    }
    std::optional<int32_t> ownership;
    if (!row.ownership_percent().empty()) {
      absl::StatusOr<int32_t> parsed = ParseOwnershipPercent(row.ownership_percent());
      if (!parsed.ok()) {
        problems.push_back(
            Problem(line, "ownership_percent", std::string(parsed.status().message())));
      } else {
        ownership = *parsed;
      }
    }
    if (std::optional<std::string> error =
            EdgeError(v1::Node::CUSTOMER, row.edge_type(), ownership)) {
      problems.push_back(Problem(line, "edge_type", *error));
    }
    if (row.child().empty()) continue;
    const auto [first, inserted] = child_line.emplace(row.child(), line);
    if (!inserted) {
      problems.push_back(Problem(line, "child",
                                 crm::StrCat(row.child(), " already has a parent on line ",
                                             first->second, "; an entity has one parent")));
    } else if (!row.parent().empty() && row.parent() != row.child()) {
      parent_of.emplace(row.child(), row.parent());
    }
  }
  // A cycle: following parents from a child comes back to it.
  absl::flat_hash_set<std::string> reported;
  for (const auto& [child, line] : child_line) {
    std::string at = child;
    for (size_t steps = 0; steps <= parent_of.size(); ++steps) {
      const auto up = parent_of.find(at);
      if (up == parent_of.end()) break;
      at = up->second;
      if (at == child) {
        if (reported.insert(child).second) {
          problems.push_back(
              Problem(line, "parent",
                      crm::StrCat("rows form a cycle through ", child, "; a group has one root")));
        }
        break;
      }
    }
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const v1::ImportProblem& a, const v1::ImportProblem& b) { return a.line() < b.line(); });
  return problems;
}

}  // namespace crm::hierarchy
