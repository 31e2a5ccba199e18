#ifndef CRM_TOOLS_CRMCTL_CUSTOMER_CSV_H_
#define CRM_TOOLS_CRMCTL_CUSTOMER_CSV_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "tools/crmctl/csv_reader.h"

namespace crm::crmctl {

// The columns of a customer file for `import customers`, as its header names
// them (any order, any case; only source_id and legal_name are required, and
// source_system unless --source-system gives it):
//
//   source_system   the system the row comes from, e.g. erp-sap
//   source_id       the row's id in that system: the import upserts by it
//   legal_name      法定全称
//   display_name    empty: the legal name
//   short_name      简称
//   uscc            统一社会信用代码, 18 characters
//   industry        GB/T 4754 section letter, e.g. C
//   region          GB/T 2260 code, e.g. 310115
//   ownership_type  state-owned, private, foreign, joint-venture, other
//   size_band       micro, small, medium, large, very-large
//   owner_org_unit  sub-east or orgUnits/sub-east; empty: the caller's own.
//                   Used when the row creates a customer only.
//   tags            separated by ';', e.g. 战略客户;重点
//
// A missing column, like an empty field, clears that field of the customer.
inline constexpr std::array<std::string_view, 12> kCustomerCsvColumns = {
    "source_system", "source_id", "legal_name",     "display_name", "short_name",     "uscc",
    "industry",      "region",    "ownership_type", "size_band",    "owner_org_unit", "tags"};

// "source_system,source_id,...", for messages.
std::string CustomerCsvColumnList();

// Where each column of kCustomerCsvColumns is in the file's records.
class CustomerCsvLayout final {
 public:
  // Reads the header record. `default_source_system` (--source-system) is
  // used for rows whose source_system is empty or missing. An error names
  // every unknown, repeated or missing column.
  static absl::StatusOr<CustomerCsvLayout> FromHeader(const CsvRecord& header,
                                                      std::string default_source_system);

  // One data record as an import row numbered by its line; an error says
  // why it cannot be sent (the field count, broken quoting, an unknown
  // enum word). Everything else is left for the server to judge.
  absl::StatusOr<customer::v1::ImportRow> ToRow(const CsvRecord& record) const;

 private:
  std::array<std::optional<size_t>, kCustomerCsvColumns.size()> column_;
  size_t width_ = 0;
  std::string default_source_system_;
};

// One CSV record (RFC 4180) without its line break: fields are quoted when
// they hold a comma, quote, line break or leading or trailing space.
std::string EncodeCsvRecord(const std::vector<std::string>& fields);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CUSTOMER_CSV_H_
