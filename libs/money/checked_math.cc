#include "libs/money/checked_math.h"

#include <string_view>

#include "libs/money/errors.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::money {
namespace {

absl::Status Overflow(int64_t a, std::string_view op, int64_t b) {
  return status::Error(
      absl::StatusCode::kOutOfRange, kErrorDomain, "MONEY_OVERFLOW",
      crm::StrCat("amount overflow: ", a, " ", op, " ", b,
                  " minor units is beyond the int64 range (about ±9.2e18); "
                  "the amounts are too large to combine"),
      {{"left", crm::StrCat(a)}, {"operator", std::string(op)}, {"right", crm::StrCat(b)}});
}

}  // namespace

absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_add_overflow(a, b, &result)) return Overflow(a, "+", b);
  return result;
}

absl::StatusOr<int64_t> CheckedSubtract(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_sub_overflow(a, b, &result)) return Overflow(a, "-", b);
  return result;
}

absl::StatusOr<int64_t> CheckedMultiply(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_mul_overflow(a, b, &result)) return Overflow(a, "×", b);
  return result;
}

}  // namespace crm::money
