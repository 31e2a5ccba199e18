#include "libs/money/line_amount.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::money {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(LineAmountTest, QuantityTimesPriceLessTheDiscount) {
  EXPECT_EQ(*LineAmount(3, 1999, 0), 5997);
  EXPECT_EQ(*LineAmount(3, 1999, 10000), 0);
  EXPECT_EQ(*LineAmount(0, 1999, 500), 0);
  // 3 × 3.33 = 9.99 less 15% = 8.4915 -> 8.49
  EXPECT_EQ(*LineAmount(3, 333, 1500), 849);
  // 12 × 10,000.00 less 12.5% = 105,000.00
  EXPECT_EQ(*LineAmount(12, 1'000'000, 1250), 10'500'000);
}

TEST(LineAmountTest, RoundsOnceHalvesAwayFromZero) {
  // 1 fen less 50% = 0.5 fen -> 1; 3 fen less 50% = 1.5 -> 2; 5 less 10% = 4.5 -> 5
  EXPECT_EQ(*LineAmount(1, 1, 5000), 1);
  EXPECT_EQ(*LineAmount(1, 3, 5000), 2);
  EXPECT_EQ(*LineAmount(1, 5, 1000), 5);
  // Just below a half rounds down: 0.4999 fen -> 0
  EXPECT_EQ(*LineAmount(1, 1, 5001), 0);
  // Just above: 4 fen less 37.49% = 2.5004 -> 3; less 37.51% = 2.4996 -> 2
  EXPECT_EQ(*LineAmount(1, 4, 3749), 3);
  EXPECT_EQ(*LineAmount(1, 4, 3751), 2);
  // A return mirrors its sale.
  EXPECT_EQ(*LineAmount(-1, 3, 5000), -2);
  EXPECT_EQ(*LineAmount(1, -1, 5000), -1);
  EXPECT_EQ(*LineAmount(-3, 333, 1500), -849);
  // Rounding the line once, not each unit: 7 × 0.15 fen = 1.05 -> 1, not 7 × 0.
  EXPECT_EQ(*LineAmount(7, 1, 8500), 1);
}

TEST(LineAmountTest, ExactAtTheInt64Limits) {
  EXPECT_EQ(*LineAmount(1, kMax, 0), kMax);
  EXPECT_EQ(*LineAmount(1, kMin, 0), kMin);
  EXPECT_EQ(*LineAmount(-1, kMax, 0), -kMax);
  // kMax × 0.5 = 4611686018427387903.5 -> ...904
  EXPECT_EQ(*LineAmount(1, kMax, 5000), 4'611'686'018'427'387'904);
  EXPECT_EQ(*LineAmount(kMin, 1, 5000), kMin / 2);
  // kMax × 0.0001 = 922337203685477.5807 -> ...478
  EXPECT_EQ(*LineAmount(kMax, 1, 9999), 922'337'203'685'478);
}

TEST(LineAmountTest, AnOverflowingGrossIsOutOfRangeEvenWhenDiscounted) {
  EXPECT_EQ(LineAmount(kMax, 2, 0).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(LineAmount(kMax, 2, 9000).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(LineAmount(kMin, -1, 10000).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(status::GetErrorInfo(LineAmount(kMax, 2, 0).status())->reason(), "MONEY_OVERFLOW");
}

TEST(LineAmountTest, ADiscountOutsideZeroToTenThousandIsInvalid) {
  for (int64_t bad : {int64_t{-1}, int64_t{10001}, kMin, kMax}) {
    const absl::Status status = LineAmount(1, 100, bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status::GetErrorInfo(status)->reason(), "INVALID_DISCOUNT") << bad;
  }
  EXPECT_EQ(ApplyDiscount(100, -1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ApplyDiscountTest, DiscountsAnAmount) {
  EXPECT_EQ(*ApplyDiscount(10'000, 0), 10'000);
  EXPECT_EQ(*ApplyDiscount(10'000, 1), 9'999);
  EXPECT_EQ(*ApplyDiscount(10'000, 10'000), 0);
  EXPECT_EQ(*ApplyDiscount(kMin, 10'000), 0);
  EXPECT_EQ(*ApplyDiscount(kMin, 0), kMin);
}

}  // namespace
}  // namespace crm::money
