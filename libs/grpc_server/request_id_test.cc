#include "libs/grpc_server/request_id.h"

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace crm::server {
namespace {

using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

std::string ValuesUnderKey(const Metadata& metadata) {
  std::string joined;
  const auto [begin, end] = metadata.equal_range("x-request-id");
  for (auto it = begin; it != end; ++it) {
    if (!joined.empty()) joined += "|";
    joined.append(it->second.data(), it->second.size());
  }
  return joined;
}

TEST(RequestIdTest, AcceptsSaneTokensOnly) {
  EXPECT_TRUE(IsValidRequestId("7b0f8a6e-2f1c-4c4e-9a57-0c1d2e3f4a5b"));
  EXPECT_TRUE(IsValidRequestId("req_1.A-z"));
  EXPECT_TRUE(IsValidRequestId(std::string(128, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(129, 'a')));
  EXPECT_FALSE(IsValidRequestId("has space"));
  EXPECT_FALSE(IsValidRequestId("line\nbreak"));
  EXPECT_FALSE(IsValidRequestId("quote\""));
  EXPECT_FALSE(IsValidRequestId("请求"));
}

TEST(RequestIdTest, GeneratesDistinctHexIds) {
  const GeneratedRequestId first = NewRequestId();
  const GeneratedRequestId second = NewRequestId();
  const std::string_view view(first.data(), first.size());
  EXPECT_EQ(view.size(), 32u);
  EXPECT_EQ(view.find_first_not_of("0123456789abcdef"), std::string_view::npos);
  EXPECT_NE(first, second);
}

TEST(RequestIdTest, KeepsOneValidIdFromTheCaller) {
  Metadata metadata = {{"x-request-id", "abc-123"}, {"authorization", "Bearer t"}};
  GeneratedRequestId storage{};
  EXPECT_EQ(ResolveRequestId(metadata, storage), "abc-123");
  EXPECT_EQ(ValuesUnderKey(metadata), "abc-123");
  EXPECT_EQ(metadata.size(), 2u);
}

TEST(RequestIdTest, GeneratesOneWhenAbsent) {
  Metadata metadata = {{"authorization", "Bearer t"}};
  GeneratedRequestId storage{};
  const std::string_view id = ResolveRequestId(metadata, storage);
  EXPECT_TRUE(IsValidRequestId(id));
  EXPECT_EQ(id.data(), storage.data());
  EXPECT_EQ(ValuesUnderKey(metadata), std::string(id));
}

TEST(RequestIdTest, ReplacesAnInvalidId) {
  Metadata metadata = {{"x-request-id", "bad id"}};
  GeneratedRequestId storage{};
  const std::string_view id = ResolveRequestId(metadata, storage);
  EXPECT_EQ(id.size(), kGeneratedRequestIdLength);
  EXPECT_EQ(ValuesUnderKey(metadata), std::string(id));
}

TEST(RequestIdTest, KeepsTheFirstValidOfSeveral) {
  Metadata metadata = {
      {"x-request-id", "bad id"}, {"x-request-id", "good-1"}, {"x-request-id", "good-2"}};
  GeneratedRequestId storage{};
  EXPECT_EQ(ResolveRequestId(metadata, storage), "good-1");
  EXPECT_EQ(ValuesUnderKey(metadata), "good-1");
}

}  // namespace
}  // namespace crm::server
