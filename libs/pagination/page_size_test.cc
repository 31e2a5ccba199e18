#include "libs/pagination/page_size.h"

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::pagination {
namespace {

TEST(NormalizePageSizeTest, AppliesDefaultAndCap) {
  EXPECT_EQ(NormalizePageSize(0).value(), 50);
  EXPECT_EQ(NormalizePageSize(1).value(), 1);
  EXPECT_EQ(NormalizePageSize(50).value(), 50);
  EXPECT_EQ(NormalizePageSize(1000).value(), 1000);
  EXPECT_EQ(NormalizePageSize(1001).value(), 1000);
  EXPECT_EQ(NormalizePageSize(INT32_MAX).value(), 1000);
}

TEST(NormalizePageSizeTest, RejectsNegativeWithFieldViolation) {
  for (int32_t size : {-1, INT32_MIN}) {
    const absl::StatusOr<int> result = NormalizePageSize(size, "customer.crm");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    const auto violations = status::GetFieldViolations(result.status());
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field(), "page_size");
    const auto info = status::GetErrorInfo(result.status());
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->domain(), "customer.crm");
  }
}

}  // namespace
}  // namespace crm::pagination
