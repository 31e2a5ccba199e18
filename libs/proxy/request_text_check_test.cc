#include "libs/proxy/request_text_check.h"

#include <string>

#include "crm/testing/v1/echo_service.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::proxy {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

// A length-delimited field, written by hand: protobuf will not serialize a
// proto3 string that is not UTF-8.
std::string LengthDelimited(int number, std::string_view bytes) {
  std::string wire;
  wire.push_back(static_cast<char>(number << 3 | 2));
  wire.push_back(static_cast<char>(bytes.size()));  // < 128 in these tests
  wire.append(bytes);
  return wire;
}

const google::protobuf::Descriptor& BadRequestType() {
  return *google::rpc::BadRequest::descriptor();
}

TEST(FindInvalidTextTest, ValidTextPasses) {
  google::rpc::BadRequest request;
  request.add_field_violations()->set_field("上海华信能源有限公司");
  EXPECT_TRUE(FindInvalidText(BadRequestType(), request.SerializeAsString()).empty());
}

TEST(FindInvalidTextTest, NamesNestedAndRepeatedFieldsWithTheBadByte) {
  // field_violations[0] is fine; field_violations[1].description is GBK
  // (华信 in GBK is BB AA D0 C5).
  const std::string first = LengthDelimited(1, LengthDelimited(1, "name"));
  const std::string second =
      LengthDelimited(1, LengthDelimited(1, "name") + LengthDelimited(2, "ok \xBB\xAA\xD0\xC5"));
  const std::vector<InvalidText> found = FindInvalidText(BadRequestType(), first + second);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field, "field_violations[1].description");
  EXPECT_EQ(found[0].offset, 3u);
  EXPECT_EQ(found[0].byte, 0xBB);
}

TEST(FindInvalidTextTest, ACharacterCutInHalfIsInvalid) {
  const std::string wire = LengthDelimited(1, LengthDelimited(1, "\xE5\x8D"));  // half of 华
  EXPECT_THAT(FindInvalidText(BadRequestType(), wire),
              ElementsAre(Field(&InvalidText::field, "field_violations[0].field")));
}

TEST(FindInvalidTextTest, MalformedWireDataStopsTheWalk) {
  EXPECT_TRUE(FindInvalidText(BadRequestType(), "\x0A\x7F").empty());  // length past the end
}

TEST(RequestTextCheckTest, RefusesAKnownMethodsBadTextWithAFieldViolation) {
  ASSERT_NE(::crm::testing::v1::EchoRequest::descriptor(), nullptr);  // in the generated pool
  const RequestTextCheck check;
  const auto message = [](const std::string& wire) {
    grpc::Slice slice(wire);
    return grpc::ByteBuffer(&slice, 1);
  };
  const grpc::ByteBuffer gbk = message(LengthDelimited(1, "\xBB\xAA"));
  EXPECT_TRUE(
      check.Check("/crm.testing.v1.EchoService/Echo", message(LengthDelimited(1, "华信"))).ok());
  EXPECT_TRUE(check.Check("/no.such.v1.Service/Method", gbk).ok()) << "unknown methods pass";

  const absl::Status refused = check.Check("/crm.testing.v1.EchoService/Echo", gbk);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  const auto violations = status::GetFieldViolations(refused);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "message");
  EXPECT_THAT(violations[0].description(), HasSubstr("not valid UTF-8 (byte 0xBB at offset 0)"));
}

}  // namespace
}  // namespace crm::proxy
