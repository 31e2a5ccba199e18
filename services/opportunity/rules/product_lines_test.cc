#include "services/opportunity/rules/product_lines.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/status/violations_for_test.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kField[] = "opportunity.product_lines";
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

v1::ProductLine Line(std::string code, int64_t quantity, int64_t unit_price, int discount_bp,
                     std::string currency = "CNY") {
  v1::ProductLine line;
  line.set_product_code(std::move(code));
  line.set_quantity(quantity);
  line.mutable_unit_price()->set_currency_code(std::move(currency));
  line.mutable_unit_price()->set_minor_units(unit_price);
  line.set_discount_bp(discount_bp);
  return line;
}

// Worked by hand:
//   3 × 19.99 less 15%:   5997 × 8500 / 10000 = 5097.45  → 5097 fen
//   1 × 0.01 less 50%:       1 × 5000 / 10000 = 0.5      → 1 fen (half up)
//   2 × 123.45 less 3.33%: 24690 × 9667 / 10000 = 23867.823 → 23868 fen
ProductLines WorkedLines() {
  ProductLines lines;
  *lines.Add() = Line("ERP-LICENSE", 3, 1999, 1500);
  *lines.Add() = Line("SUPPORT-DAY", 1, 1, 5000);
  *lines.Add() = Line("TRAINING", 2, 12345, 333);
  return lines;
}

std::vector<std::string> Problems(const ProductLines& lines, std::string_view currency = "CNY") {
  status::FieldViolations violations;
  ValidateProductLines(lines, currency, kField, violations);
  return status::testing::Descriptions(violations);
}

TEST(LineAmountOfTest, RoundsHalfUpAfterTheDiscount) {
  const ProductLines lines = WorkedLines();
  EXPECT_EQ(LineAmountOf(lines[0])->minor_units(), 5097);
  EXPECT_EQ(LineAmountOf(lines[1])->minor_units(), 1);
  EXPECT_EQ(LineAmountOf(lines[2])->minor_units(), 23868);
  EXPECT_EQ(LineAmountOf(lines[2])->currency_code(), "CNY");
  EXPECT_EQ(LineAmountOf(Line("X", 1, 3, 5000))->minor_units(), 2);     // 1.5 → 2
  EXPECT_EQ(LineAmountOf(Line("X", 7, 100, 10000))->minor_units(), 0);  // free
  EXPECT_EQ(LineAmountOf(Line("X", 7, 100, 0))->minor_units(), 700);
}

TEST(LineAmountOfTest, OverflowIsOutOfRange) {
  EXPECT_EQ(LineAmountOf(Line("X", 2, kMax / 2 + 1, 0)).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(LineAmountOf(Line("X", 1, 100, 10001)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AmountFromLinesTest, IsTheExactSumOfTheLines) {
  const absl::StatusOr<common::v1::Money> amount = AmountFromLines(WorkedLines(), "CNY");
  ASSERT_TRUE(amount.ok()) << amount.status();
  EXPECT_EQ(amount->currency_code(), "CNY");
  EXPECT_EQ(amount->minor_units(), 5097 + 1 + 23868);
}

TEST(AmountFromLinesTest, NoLinesIsZero) {
  const absl::StatusOr<common::v1::Money> amount = AmountFromLines(ProductLines(), "CNY");
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->currency_code(), "CNY");
  EXPECT_EQ(amount->minor_units(), 0);
}

TEST(AmountFromLinesTest, WithoutACurrencyTakesTheLines) {
  const absl::StatusOr<common::v1::Money> amount = AmountFromLines(WorkedLines(), "");
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->currency_code(), "CNY");
}

TEST(AmountFromLinesTest, AnotherCurrencyIsRefused) {
  ProductLines lines = WorkedLines();
  *lines.Add() = Line("IMPORT", 1, 100, 0, "USD");
  const absl::Status status = AmountFromLines(lines, "CNY").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status::GetErrorInfo(status)->reason(), "CURRENCY_MISMATCH");
}

TEST(AmountFromLinesTest, ASumBeyondInt64IsOutOfRange) {
  ProductLines lines;
  *lines.Add() = Line("A", 1, kMax, 0);
  *lines.Add() = Line("B", 1, 1, 0);
  const absl::Status status = AmountFromLines(lines, "CNY").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(status::GetErrorInfo(status)->reason(), "MONEY_OVERFLOW");
}

TEST(PriceProductLinesTest, SetsEachLinesAmount) {
  ProductLines lines = WorkedLines();
  const absl::StatusOr<common::v1::Money> amount = PriceProductLines(lines, "CNY");
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->minor_units(), 28966);
  EXPECT_EQ(lines[0].amount().minor_units(), 5097);
  EXPECT_EQ(lines[1].amount().minor_units(), 1);
  EXPECT_EQ(lines[2].amount().minor_units(), 23868);
  EXPECT_EQ(lines[2].amount().currency_code(), "CNY");
}

TEST(ValidateProductLinesTest, AcceptsGoodLines) {
  EXPECT_THAT(Problems(WorkedLines()), IsEmpty());
  EXPECT_THAT(Problems(WorkedLines(), ""), IsEmpty());
  EXPECT_THAT(Problems(ProductLines()), IsEmpty());
  ProductLines free;
  *free.Add() = Line(std::string(64, 'C'), 1, 0, 10000);  // bounds
  EXPECT_THAT(Problems(free), IsEmpty());
}

TEST(ValidateProductLinesTest, EveryLineProblemAtOnce) {
  ProductLines lines;
  *lines.Add() = Line("", 0, -1, -1);
  *lines.Add() = Line(std::string(65, 'C'), -3, 100, 10001, "usd");
  lines.Add()->set_product_code("NO-PRICE");
  lines.Mutable(2)->set_quantity(1);
  status::FieldViolations violations;
  ValidateProductLines(lines, "CNY", kField, violations);
  EXPECT_THAT(
      status::testing::Fields(violations),
      ElementsAre(
          "opportunity.product_lines[0].product_code", "opportunity.product_lines[0].quantity",
          "opportunity.product_lines[0].unit_price.minor_units",
          "opportunity.product_lines[0].discount_bp", "opportunity.product_lines[1].product_code",
          "opportunity.product_lines[1].quantity",
          "opportunity.product_lines[1].unit_price.currency_code",
          "opportunity.product_lines[1].discount_bp", "opportunity.product_lines[2].unit_price"));
  const std::vector<std::string> descriptions = status::testing::Descriptions(violations);
  EXPECT_EQ(descriptions[1], "opportunity.product_lines[0].quantity: must be above 0, got 0");
  EXPECT_EQ(descriptions[3], "opportunity.product_lines[0].discount_bp: -1 is below 0");
  EXPECT_EQ(descriptions[4],
            "opportunity.product_lines[1].product_code: at most 64 characters, got 65");
  EXPECT_EQ(descriptions[7], "opportunity.product_lines[1].discount_bp: 10001 is above 10000");
  EXPECT_EQ(descriptions[8],
            "opportunity.product_lines[2].unit_price: required; the price of one unit, at least "
            "0");
}

TEST(ValidateProductLinesTest, LinesAreInTheAmountsCurrency) {
  ProductLines lines = WorkedLines();
  *lines.Add() = Line("IMPORT", 1, 100, 0, "USD");
  EXPECT_THAT(Problems(lines),
              ElementsAre("opportunity.product_lines[3].unit_price.currency_code: USD differs "
                          "from CNY, the amount's currency; give every line in one currency"));
  EXPECT_THAT(Problems(lines, ""),
              ElementsAre("opportunity.product_lines[3].unit_price.currency_code: USD differs "
                          "from CNY, the currency of opportunity.product_lines[0]; give every "
                          "line in one currency"));
}

TEST(ValidateProductLinesTest, WithoutAnAmountTheFirstWellFormedCurrencyRules) {
  ProductLines lines;
  lines.Add()->set_product_code("NO-PRICE");
  lines.Mutable(0)->set_quantity(1);
  *lines.Add() = Line("A", 1, 100, 0, "CNY");
  *lines.Add() = Line("B", 1, 100, 0, "USD");
  EXPECT_THAT(Problems(lines, ""),
              ElementsAre("opportunity.product_lines[0].unit_price: required; the price of one "
                          "unit, at least 0",
                          "opportunity.product_lines[2].unit_price.currency_code: USD differs "
                          "from CNY, the currency of opportunity.product_lines[1]; give every "
                          "line in one currency"));
}

TEST(ValidateProductLinesTest, OverflowsAreViolations) {
  ProductLines lines;
  *lines.Add() = Line("BIG", 2, kMax / 2 + 1, 0);
  EXPECT_THAT(Problems(lines),
              ElementsAre("opportunity.product_lines[0]: quantity × unit_price (2 × "
                          "4611686018427387904) is beyond the largest amount a line can have"));
  lines.Clear();
  *lines.Add() = Line("A", 1, kMax, 0);
  *lines.Add() = Line("B", 1, 1, 0);
  EXPECT_THAT(Problems(lines),
              ElementsAre("opportunity.product_lines: the lines' amounts add up beyond the "
                          "largest amount an opportunity can have"));
}

TEST(ValidateProductLinesTest, AtMostAHundredLines) {
  ProductLines lines;
  for (int i = 0; i < 100; ++i) *lines.Add() = Line("P", 1, 100, 0);
  EXPECT_THAT(Problems(lines), IsEmpty());
  *lines.Add() = Line("P", 1, 100, 0);
  EXPECT_THAT(Problems(lines), ElementsAre("opportunity.product_lines: 101 values given; at most "
                                           "100"));
}

}  // namespace
}  // namespace crm::opportunity
