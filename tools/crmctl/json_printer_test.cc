#include "tools/crmctl/json_printer.h"

#include <sstream>
#include <string>

#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

TEST(JsonPrinterTest, UsesProtoFieldNamesAndRoundTrips) {
  v1::ListCustomersResponse response;
  v1::Customer* customer = response.add_customers();
  customer->set_name("customers/1");
  customer->set_legal_name("上海华信能源科技有限公司");
  customer->set_ownership_type(v1::STATE_OWNED);
  customer->set_data_completeness(80);
  customer->add_tags("战略客户");
  customer->mutable_create_time()->set_seconds(1714960800);
  response.set_next_page_token("next");

  std::ostringstream out;
  ASSERT_TRUE(PrintJson(response, out).ok());
  const std::string json = out.str();
  EXPECT_NE(json.find("\"legal_name\""), std::string::npos) << json;
  EXPECT_EQ(json.find("legalName"), std::string::npos) << json;
  EXPECT_NE(json.find("\"next_page_token\": \"next\""), std::string::npos);
  EXPECT_NE(json.find("\"ownership_type\": \"STATE_OWNED\""), std::string::npos);
  EXPECT_NE(json.find("\"create_time\": \"2024-05-06T02:00:00Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("上海华信能源科技有限公司"), std::string::npos);
  EXPECT_EQ(json.back(), '\n');

  // One document that parses back to the same message.
  v1::ListCustomersResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, response));
}

TEST(JsonPrinterTest, LeavesDefaultsOut) {
  v1::Contact contact;
  contact.set_display_name("张伟");
  std::ostringstream out;
  ASSERT_TRUE(PrintJson(contact, out).ok());
  EXPECT_EQ(out.str(), "{\n \"display_name\": \"张伟\"\n}\n");
}

TEST(JsonPrinterTest, JsonLineIsOneLine) {
  v1::Customer customer;
  customer.set_name("customers/1");
  customer.set_legal_name("第一行\n第二行");
  std::ostringstream out;
  ASSERT_TRUE(PrintJsonLine(customer, out).ok());
  ASSERT_TRUE(PrintJsonLine(customer, out).ok());
  EXPECT_EQ(out.str(),
            "{\"name\":\"customers/1\",\"legal_name\":\"第一行\\n第二行\"}\n"
            "{\"name\":\"customers/1\",\"legal_name\":\"第一行\\n第二行\"}\n");
}

}  // namespace
}  // namespace crm::crmctl
