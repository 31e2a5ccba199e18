#include "libs/validation/timestamp.h"

#include "gtest/gtest.h"

namespace crm::validation {
namespace {

google::protobuf::Timestamp Time(int64_t seconds, int32_t nanos) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  time.set_nanos(nanos);
  return time;
}

size_t ViolationsOf(const google::protobuf::Timestamp& time) {
  status::FieldViolations violations;
  CheckTimestamp(time, "start_time", violations);
  for (const auto& v : violations.bad_request().field_violations()) {
    EXPECT_EQ(v.field(), "start_time");
  }
  return violations.size();
}

TEST(CheckTimestampTest, AcceptsTheWholeRange) {
  EXPECT_EQ(ViolationsOf(Time(0, 0)), 0u);
  EXPECT_EQ(ViolationsOf(Time(1'700'000'000, 999'999'999)), 0u);
  EXPECT_EQ(ViolationsOf(Time(-62'135'596'800, 0)), 0u);  // 0001-01-01T00:00:00Z
  EXPECT_EQ(ViolationsOf(Time(253'402'300'799, 0)), 0u);  // 9999-12-31T23:59:59Z
  EXPECT_EQ(ViolationsOf(Time(-1, 0)), 0u);               // 1969 is a time too
}

TEST(CheckTimestampTest, RefusesYearsOutsideOneToNineThousandNineHundredNinetyNine) {
  EXPECT_EQ(ViolationsOf(Time(253'402'300'800, 0)), 1u);  // 10000-01-01
  EXPECT_EQ(ViolationsOf(Time(-62'135'596'801, 0)), 1u);  // year 0
  EXPECT_EQ(ViolationsOf(Time(INT64_MIN, 0)), 1u);
}

TEST(CheckTimestampTest, RefusesNanosOutsideOneSecond) {
  EXPECT_EQ(ViolationsOf(Time(0, -1)), 1u);
  EXPECT_EQ(ViolationsOf(Time(0, 1'000'000'000)), 1u);
  EXPECT_EQ(ViolationsOf(Time(0, 2'000'000'000)), 1u);
  EXPECT_EQ(ViolationsOf(Time(253'402'300'800, -5)), 2u);
}

TEST(CheckTimestampTest, SaysWhatIsWrong) {
  status::FieldViolations violations;
  CheckTimestamp(Time(0, 2'000'000'000), "start_time", violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations.bad_request().field_violations(0).description(),
            "start_time: nanos 2000000000 is outside 0..999999999");
}

}  // namespace
}  // namespace crm::validation
