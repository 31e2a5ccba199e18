#include "tools/crmctl/hierarchy_printer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/display_width.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/table_printer.h"
#include "tools/crmctl/tree_drawing.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;

constexpr char kNodePrefix[] = "nodes/";
constexpr char kOrgUnitPrefix[] = "orgUnits/";

std::string DisplayName(const v1::Node& node) {
  return node.display_name().empty() ? node.name() : node.display_name();
}

// "51.25%", or "" without a percentage.
std::string Percent(const v1::Node& node) {
  return node.ownership_percent().empty() ? "" : crm::StrCat(node.ownership_percent(), "%");
}

// A roll-up key as people read it: Node.Kind names in lower case.
std::string KindKey(const std::string& key) {
  v1::Node::Kind kind = v1::Node::KIND_UNSPECIFIED;
  if (v1::Node::Kind_Parse(key, &kind) && kind != v1::Node::KIND_UNSPECIFIED) {
    return NodeKindName(kind);
  }
  return key;
}

void PrintCounts(const char* header,
                 const google::protobuf::RepeatedPtrField<v1::RollupCount>& counts,
                 std::string (*key)(const std::string&), std::ostream& out) {
  if (counts.empty()) return;
  TablePrinter table({header, "COUNT"});
  for (const v1::RollupCount& count : counts) {
    table.AddRow({key(count.key()), GroupDigits(count.count())});
  }
  out << '\n';
  table.Print(out);
}

}  // namespace

std::string EdgeWords(const v1::Node& node) {
  switch (node.edge_type()) {
    case v1::EDGE_TYPE_UNSPECIFIED:
      return crm::StrCat("[", NodeKindName(node.kind()), "]");
    case v1::WHOLLY_OWNED:
      return "wholly owned";
    case v1::DEPARTMENT:
      return node.kind() == v1::Node::BUSINESS_LINE ? "business line" : "department";
    default:
      break;
  }
  const std::string name = EdgeTypeName(node.edge_type());
  return name.empty() ? crm::StrCat("edge ", node.edge_type()) : name;
}

std::string NodeLine(const v1::Node& node) {
  std::vector<std::string> edge;
  if (node.edge_type() != v1::EDGE_TYPE_UNSPECIFIED || node.kind() != v1::Node::KIND_UNSPECIFIED) {
    edge.push_back(EdgeWords(node));
  }
  if (!node.ownership_percent().empty()) edge.push_back(Percent(node));
  std::vector<std::string> parts = {DisplayName(node)};
  if (!edge.empty()) parts.push_back(absl::StrJoin(edge, " "));
  if (!node.owner_org_unit().empty()) {
    parts.push_back(crm::StrCat("owner ", node.owner_org_unit()));
  }
  return absl::StrJoin(parts, "  ");
}

void PrintNode(const v1::Node& node, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", node.name());
  record.Add("display_name", node.display_name());
  record.Add("kind", NodeKindName(node.kind()));
  record.Add("customer", node.customer());
  record.Add("parent", node.parent());
  record.Add("edge_type", EdgeTypeName(node.edge_type()));
  record.Add("ownership_percent", Percent(node));
  record.Add("effective_from", node.effective_from());
  record.Add("root", node.root());
  record.Add("depth", crm::StrCat(node.depth()));
  record.AddList("ancestors", {node.ancestors().begin(), node.ancestors().end()});
  record.Add("region", node.region());
  record.Add("owner_org_unit", node.owner_org_unit());
  record.Add("etag", node.etag());
  record.Print(out);
}

void PrintTree(const google::protobuf::RepeatedPtrField<v1::Node>& nodes, std::string_view marked,
               std::ostream& out) {
  const NodeLabel label = [marked](const v1::Node& node) {
    std::string line = NodeLine(node);
    if (!marked.empty() && node.name() == marked) line += "  ◀";
    return line;
  };
  for (const std::string& line : DrawTree(nodes, label)) out << line << '\n';
}

void PrintPath(const google::protobuf::RepeatedPtrField<v1::Node>& path, std::ostream& out) {
  std::vector<std::string> names;
  for (const v1::Node& node : path) names.push_back(SingleLine(DisplayName(node)));
  out << absl::StrJoin(names, " › ") << "\n\n";
  TablePrinter table({"DEPTH", "NODE", "DISPLAY_NAME", "EDGE", "OWNERSHIP", "OWNER_ORG_UNIT"});
  for (const v1::Node& node : path) {
    table.AddRow({crm::StrCat(node.depth()), WithoutPrefix(node.name(), kNodePrefix),
                  DisplayName(node), EdgeWords(node), Percent(node),
                  WithoutPrefix(node.owner_org_unit(), kOrgUnitPrefix)});
  }
  table.Print(out);
}

void PrintRollup(const v1::Rollup& rollup, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", rollup.name());
  record.Add("total", GroupDigits(rollup.total()));
  record.Add("depth", crm::StrCat(rollup.depth()));
  record.Print(out);
  PrintCounts("KIND", rollup.by_kind(), KindKey, out);
  PrintCounts(
      "REGION", rollup.by_region(), [](const std::string& key) { return key; }, out);
  PrintCounts(
      "OWNER_ORG_UNIT", rollup.by_owner_org_unit(),
      [](const std::string& key) { return WithoutPrefix(key, kOrgUnitPrefix); }, out);
}

void PrintImportReport(const v1::ImportStructureResponse& response, int rows, bool validate_only,
                       std::ostream& out) {
  if (response.problems().empty()) {
    if (validate_only) {
      out << "checked " << GroupDigits(rows)
          << " rows: no problems; nothing was written (--validate-only)\n";
    } else {
      out << "imported " << GroupDigits(response.imported()) << " of " << GroupDigits(rows)
          << " rows; " << GroupDigits(response.groups_created()) << " groups created\n";
    }
    return;
  }
  std::vector<const v1::ImportProblem*> problems;
  for (const v1::ImportProblem& problem : response.problems()) {
    problems.push_back(&problem);
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const v1::ImportProblem* a, const v1::ImportProblem* b) { return a->line() < b->line(); });
  for (const v1::ImportProblem* problem : problems) {
    out << "line " << problem->line() << ": ";
    if (!problem->field().empty()) out << problem->field() << ": ";
    out << SingleLine(problem->reason()) << '\n';
  }
}

}  // namespace crm::crmctl
