#include "tools/crmctl/customer_csv.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

enum Column {
  kSourceSystem,
  kSourceId,
  kLegalName,
  kDisplayName,
  kShortName,
  kUscc,
  kIndustry,
  kRegion,
  kOwnershipType,
  kSizeBand,
  kOwnerOrgUnit,
  kTags,
};

std::vector<std::string> SplitTags(const std::string& text) {
  std::vector<std::string> tags;
  for (absl::string_view tag : absl::StrSplit(text, ';')) {
    tag = absl::StripAsciiWhitespace(tag);
    if (!tag.empty()) tags.emplace_back(tag);
  }
  return tags;
}

}  // namespace

std::string CustomerCsvColumnList() {
  std::string list;
  for (std::string_view column : kCustomerCsvColumns) {
    if (!list.empty()) list += ',';
    list += column;
  }
  return list;
}

absl::StatusOr<CustomerCsvLayout> CustomerCsvLayout::FromHeader(const CsvRecord& header,
                                                                std::string default_source_system) {
  if (!header.error.empty()) {
    return absl::InvalidArgumentError(
        crm::StrCat("line ", header.line, ": the header ", header.error));
  }
  CustomerCsvLayout layout;
  layout.width_ = header.fields.size();
  layout.default_source_system_ = std::move(default_source_system);
  std::vector<std::string> problems;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(header.fields[i]);
    size_t column = 0;
    while (column < kCustomerCsvColumns.size() && kCustomerCsvColumns[column] != name) {
      ++column;
    }
    if (column == kCustomerCsvColumns.size()) {
      problems.push_back(crm::StrCat("unknown column \"", header.fields[i], "\""));
    } else if (layout.column_[column].has_value()) {
      problems.push_back(crm::StrCat("column ", name, " appears twice"));
    } else {
      layout.column_[column] = i;
    }
  }
  for (Column required : {kSourceId, kLegalName}) {
    if (!layout.column_[required].has_value()) {
      problems.push_back(crm::StrCat("column ", kCustomerCsvColumns[required], " is missing"));
    }
  }
  if (!layout.column_[kSourceSystem].has_value() && layout.default_source_system_.empty()) {
    problems.push_back("column source_system is missing (or give --source-system)");
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(crm::StrCat("line ", header.line, ": ",
                                                  absl::StrJoin(problems, "; "),
                                                  "; the columns are ", CustomerCsvColumnList()));
  }
  return layout;
}

absl::StatusOr<v1::ImportRow> CustomerCsvLayout::ToRow(const CsvRecord& record) const {
  if (!record.error.empty()) return absl::InvalidArgumentError(crm::StrCat("row: ", record.error));
  if (record.fields.size() != width_) {
    return absl::InvalidArgumentError(
        crm::StrCat("row: has ", record.fields.size(), " fields; the header has ", width_));
  }
  auto field = [&](Column column) -> std::string {
    return column_[column].has_value() ? record.fields[*column_[column]] : std::string();
  };
  v1::ImportRow row;
  row.set_row_number(record.line);
  std::string source_system = field(kSourceSystem);
  if (source_system.empty()) source_system = default_source_system_;
  row.mutable_external_reference()->set_source_system(source_system);
  row.mutable_external_reference()->set_source_id(field(kSourceId));
  v1::Customer& customer = *row.mutable_customer();
  customer.set_legal_name(field(kLegalName));
  customer.set_display_name(field(kDisplayName));
  customer.set_short_name(field(kShortName));
  customer.set_uscc(field(kUscc));
  customer.set_industry(field(kIndustry));
  customer.set_region(field(kRegion));
  const std::string ownership = field(kOwnershipType);
  absl::StatusOr<v1::OwnershipType> ownership_type = ParseOwnershipType(ownership);
  if (!ownership_type.ok()) {
    return absl::InvalidArgumentError(crm::StrCat("ownership_type: unknown value \"", ownership,
                                                  "\"; use one of ", OwnershipTypeChoices()));
  }
  customer.set_ownership_type(*ownership_type);
  const std::string size = field(kSizeBand);
  absl::StatusOr<v1::SizeBand> size_band = ParseSizeBand(size);
  if (!size_band.ok()) {
    return absl::InvalidArgumentError(
        crm::StrCat("size_band: unknown value \"", size, "\"; use one of ", SizeBandChoices()));
  }
  customer.set_size_band(*size_band);
  const std::string owner = field(kOwnerOrgUnit);
  if (!owner.empty()) {
    customer.set_owner_org_unit(
        owner.find('/') == std::string::npos ? crm::StrCat("orgUnits/", owner) : owner);
  }
  for (std::string& tag : SplitTags(field(kTags))) customer.add_tags(std::move(tag));
  return row;
}

std::string EncodeCsvRecord(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    const std::string& field = fields[i];
    // Also a lone empty field, which would be a blank line the reader
    // skips, and a leading byte order mark, which it drops.
    const bool quote =
        (fields.size() == 1 && field.empty()) || field.starts_with("\xEF\xBB\xBF") ||
        field.find_first_of(",\"\r\n") != std::string::npos ||
        (!field.empty() && (absl::ascii_isspace(static_cast<unsigned char>(field.front())) ||
                            absl::ascii_isspace(static_cast<unsigned char>(field.back()))));
    if (!quote) {
      line += field;
      continue;
    }
    line += '"';
    for (char c : field) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  return line;
}

}  // namespace crm::crmctl
