#include "services/hierarchy/import_resolution.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/hierarchy/hierarchy_rules.h"
#include "services/hierarchy/structure_import.h"

namespace crm::hierarchy {

absl::StatusOr<std::vector<ResolvedImportRow>> ResolveImportRows(
    const v1::ImportStructureRequest& request, const CustomerFactsClient& customers,
    const grpc::ServerContextBase& caller, std::vector<v1::ImportProblem>& problems) {
  // key -> facts, or the reason it names no live customer
  absl::flat_hash_map<std::string, absl::StatusOr<CustomerFacts>> known;
  const auto resolve = [&](const std::string& key) -> const absl::StatusOr<CustomerFacts>& {
    auto found = known.find(key);
    if (found == known.end()) found = known.emplace(key, customers.Lookup(caller, key)).first;
    return found->second;
  };
  std::vector<ResolvedImportRow> rows;
  for (const v1::ImportRow& row : request.rows()) {
    if (row.parent().empty() || row.child().empty()) continue;  // already reported
    bool usable = true;
    ResolvedImportRow resolved{.line = row.line()};
    for (const auto& [key, field, out] : {std::tuple{row.parent(), "parent", &resolved.parent},
                                          std::tuple{row.child(), "child", &resolved.child}}) {
      const absl::StatusOr<CustomerFacts>& facts = resolve(key);
      if (facts.ok()) {
        *out = *facts;
        continue;
      }
      const absl::StatusCode code = facts.status().code();
      if (code != absl::StatusCode::kNotFound && code != absl::StatusCode::kFailedPrecondition &&
          code != absl::StatusCode::kInvalidArgument) {
        return facts.status();
      }
      problems.push_back(
          Problem(row.line(), field, crm::StrCat(key, ": ", facts.status().message())));
      usable = false;
    }
    if (!usable) continue;
    resolved.edge.type = row.edge_type();
    if (!row.ownership_percent().empty()) {
      absl::StatusOr<int32_t> parsed = ParseOwnershipPercent(row.ownership_percent());
      if (parsed.ok()) resolved.edge.ownership_bp = *parsed;
    }
    rows.push_back(std::move(resolved));
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const v1::ImportProblem& a, const v1::ImportProblem& b) { return a.line() < b.line(); });
  return rows;
}

}  // namespace crm::hierarchy
