#include "tools/crmctl/structure_csv.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/csv_reader.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/hierarchy_values.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;

enum Column { kParent, kChild, kEdgeType, kOwnership, kColumnCount };

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"parent", "child", "edge_type",
                                                                     "ownership_percent"};

constexpr char kHeader[] = "parent,child,edge_type,ownership_percent";

// Where each column is in a row; nullopt for ownership_percent left out.
using Layout = std::array<std::optional<size_t>, kColumnCount>;

class Parser final {
 public:
  explicit Parser(StructureCsv* result) : result_(*result) {}

  void Problem(int line, std::string_view field, std::string reason) {
    v1::ImportProblem& problem = result_.problems.emplace_back();
    problem.set_line(line);
    problem.set_field(std::string(field));
    problem.set_reason(std::move(reason));
  }

  // False when the first record is not a usable header.
  bool ReadHeader(const CsvRecord& record) {
    // A header that cannot be read (not UTF-8, quoting) is not looked into,
    // so no message quotes its bytes.
    if (!record.error.empty()) {
      Problem(record.line, "header", record.error);
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < record.fields.size(); ++i) {
      const std::string name = absl::AsciiStrToLower(record.fields[i]);
      size_t column = 0;
      while (column < kColumnCount && kColumnNames[column] != name) ++column;
      if (column == kColumnCount) {
        Problem(record.line, "header",
                crm::StrCat("unknown column \"", record.fields[i], "\"; the header is ", kHeader));
        ok = false;
      } else if (layout_[column].has_value()) {
        Problem(record.line, "header", crm::StrCat("column ", name, " appears twice"));
        ok = false;
      } else {
        layout_[column] = i;
      }
    }
    for (size_t column : {kParent, kChild, kEdgeType}) {
      if (!layout_[column].has_value()) {
        Problem(
            record.line, "header",
            crm::StrCat("column ", kColumnNames[column], " is missing; the header is ", kHeader));
        ok = false;
      }
    }
    width_ = record.fields.size();
    return ok;
  }

  void ReadRow(const CsvRecord& record) {
    v1::ImportRow& row = result_.rows.emplace_back();
    row.set_line(record.line);
    if (!record.error.empty()) {
      Problem(record.line, "row", record.error);
      return;
    }
    if (record.fields.size() != width_) {
      Problem(record.line, "row",
              crm::StrCat("has ", record.fields.size(),
                          " fields; the header "
                          "has ",
                          width_));
      return;
    }
    auto field = [&](Column column) -> std::string {
      return layout_[column].has_value() ? record.fields[*layout_[column]] : std::string();
    };
    row.set_parent(field(kParent));
    row.set_child(field(kChild));
    CheckCustomer(record.line, "parent", row.parent());
    CheckCustomer(record.line, "child", row.child());
    if (!row.parent().empty() && row.parent() == row.child()) {
      Problem(record.line, "child", "is the same as the parent");
    }

    const std::string edge_text = field(kEdgeType);
    const std::optional<v1::EdgeType> edge = EdgeTypeFromWord(edge_text);
    if (edge_text.empty()) {
      Problem(record.line, "edge_type", "is empty");
    } else if (!edge.has_value() || *edge == v1::DEPARTMENT) {
      Problem(record.line, "edge_type",
              crm::StrCat("unknown value \"", edge_text,
                          "\"; use one of wholly_owned, controlled, "
                          "affiliate, branch"));
    } else {
      row.set_edge_type(*edge);
    }

    const std::string ownership = field(kOwnership);
    if (ownership.empty()) return;
    absl::StatusOr<std::string> percent = NormalizeOwnershipPercent(ownership);
    if (!percent.ok()) {
      Problem(record.line, "ownership_percent", std::string(percent.status().message()));
    } else if (edge.has_value() && !EdgeHasOwnership(*edge)) {
      Problem(record.line, "ownership_percent",
              "only wholly_owned, controlled and affiliate edges have one");
    } else {
      row.set_ownership_percent(*percent);
    }
  }

 private:
  // A USCC or SOURCE_SYSTEM:SOURCE_ID; the server checks which customer.
  void CheckCustomer(int line, std::string_view field, const std::string& value) {
    if (value.empty()) {
      Problem(line, field, "is empty");
      return;
    }
    const size_t colon = value.find(':');
    if (colon != std::string::npos && (colon == 0 || colon + 1 == value.size())) {
      Problem(line, field, crm::StrCat("\"", value, "\" is not a USCC or SOURCE_SYSTEM:SOURCE_ID"));
    }
  }

  StructureCsv& result_;
  Layout layout_;
  size_t width_ = 0;
};

}  // namespace

StructureCsv ParseStructureCsv(std::istream& in, const std::function<void(int rows)>& progress) {
  StructureCsv result;
  Parser parser(&result);
  CsvReader reader(in);
  CsvRecord record;
  if (!reader.Next(&record)) {
    parser.Problem(1, "header",
                   crm::StrCat("the file is empty; it starts "
                               "with the header ",
                               kHeader));
    return result;
  }
  if (!parser.ReadHeader(record)) return result;
  while (reader.Next(&record)) {
    parser.ReadRow(record);
    const int rows = static_cast<int>(result.rows.size());
    if (progress != nullptr && rows % kProgressEveryRows == 0) progress(rows);
  }
  return result;
}

}  // namespace crm::crmctl
