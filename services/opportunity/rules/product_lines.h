#ifndef CRM_SERVICES_OPPORTUNITY_RULES_PRODUCT_LINES_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_PRODUCT_LINES_H_

// What an opportunity sells: product lines whose amounts add up to the
// opportunity's amount exactly, in one currency.

#include <string_view>

#include "absl/status/statusor.h"
#include "crm/common/v1/money.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr int kMaxProductLines = 100;
inline constexpr size_t kMaxProductCodeChars = 64;

using ProductLines = google::protobuf::RepeatedPtrField<v1::ProductLine>;

// Adds every problem of the lines under `field` (e.g.
// "opportunity.product_lines"): up to 100 lines; each a product code of 1-64
// characters, a quantity above 0, a unit price (valid Money, at least 0) in
// `currency_code` (the amount's; when empty, that of the first line
// with a well-formed one), a discount of
// 0-10000 basis points, and a line amount within int64 fen; and a total
// within int64 fen. A line's amount is output only and not read.
void ValidateProductLines(const ProductLines& lines, std::string_view currency_code,
                          std::string_view field, status::FieldViolations& violations);

// quantity × unit price × (10000 − discount_bp) / 10000, rounded half up to
// the fen (libs/money LineAmount), in the unit price's currency.
// INVALID_ARGUMENT for a discount outside 0-10000, OUT_OF_RANGE (domain
// money.crm, MONEY_OVERFLOW) beyond int64.
absl::StatusOr<common::v1::Money> LineAmountOf(const v1::ProductLine& line);

// The exact sum of the lines' amounts in `currency_code` (0 for no lines):
// the opportunity's amount when it has lines. A line in another currency is
// INVALID_ARGUMENT (CURRENCY_MISMATCH), a sum beyond int64 OUT_OF_RANGE
// (MONEY_OVERFLOW).
absl::StatusOr<common::v1::Money> AmountFromLines(const ProductLines& lines,
                                                  std::string_view currency_code);

// AmountFromLines that also sets each line's output-only amount.
absl::StatusOr<common::v1::Money> PriceProductLines(ProductLines& lines,
                                                    std::string_view currency_code);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_PRODUCT_LINES_H_
