#include "libs/status/error_bounds.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/utf8.h"

namespace crm::status {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(BoundedTextTest, ShortValidTextIsUnchanged) {
  EXPECT_EQ(BoundedText("上海华信", 64), "上海华信");
}

TEST(BoundedTextTest, CutsOnACharacterBoundary) {
  // 华 is three bytes; a cut at 5 bytes would split the second one.
  const std::string bounded = BoundedText("华华华华", 5 + std::string("…").size());
  EXPECT_EQ(bounded, "华…");
  EXPECT_TRUE(IsValidUtf8(bounded));
}

TEST(BoundedTextTest, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(BoundedText("has '\xC3'", 64), "has '\\xC3'");
}

// What a 10,000-character value in `industry` did before: the whole value in
// the message, a field violation and the ErrorInfo metadata, past gRPC's
// trailer limit.
TEST(ToGrpcTest, AnErrorEchoingAHugeValueStaysSmallAndDecodable) {
  const std::string huge = std::string(10000, 'x') + "\xE5\x8D";  // ends in half a 华
  FieldViolations violations;
  for (int i = 0; i < 40; ++i) violations.Add("industry", "industry: '" + huge + "' is unknown");
  absl::Status status = violations.ToStatus("customer.crm", "bad industry '" + huge + "'");
  const grpc::Status edge = ToGrpc(status);
  EXPECT_LE(edge.error_message().size(), kMaxMessageBytes);
  EXPECT_TRUE(IsValidUtf8(edge.error_message()));
  EXPECT_LT(edge.error_details().size(), 4500u);

  const absl::Status back = FromGrpc(edge);
  const auto kept = GetFieldViolations(back);
  ASSERT_GT(kept.size(), 0u);
  ASSERT_LT(kept.size(), 40u);
  for (const auto& violation : kept) {
    EXPECT_TRUE(IsValidUtf8(violation.description()));
    EXPECT_LE(violation.description().size(), kMaxDescriptionBytes);
  }
  EXPECT_THAT(kept.back().description(), HasSubstr("more violations not shown)"));
  const auto info = GetErrorInfo(back);
  ASSERT_TRUE(info.has_value());
  for (const auto& [key, value] : info->metadata()) {
    EXPECT_LE(value.size(), kMaxMetadataValueBytes) << key;
  }
}

TEST(ToGrpcTest, AFewViolationsAreAllKept) {
  FieldViolations violations;
  violations.Add("a", "a is wrong");
  violations.Add("b", "b is wrong");
  const auto kept = GetFieldViolations(FromGrpc(ToGrpc(violations.ToStatus("x.crm"))));
  ASSERT_THAT(kept, SizeIs(2));
  EXPECT_EQ(kept[1].description(), "b is wrong");
}

}  // namespace
}  // namespace crm::status
