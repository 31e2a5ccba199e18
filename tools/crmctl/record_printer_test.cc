#include "tools/crmctl/record_printer.h"

#include <sstream>

#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

TEST(RecordPrinterTest, LinesUpValuesAndIndentsListItems) {
  RecordPrinter record;
  record.Add("name", "customers/1");
  record.Add("legal_name", "上海华信能源科技有限公司");
  record.Add("uscc", "");
  record.AddList("account_team",
                 {"orgUnits/sub-east (sales)", "orgUnits/sub-west users/wang.wu (service)"});
  record.AddList("tags", {});
  std::ostringstream out;
  record.Print(out);
  EXPECT_EQ(out.str(),
            "name:         customers/1\n"
            "legal_name:   上海华信能源科技有限公司\n"
            "uscc:\n"
            "account_team: orgUnits/sub-east (sales)\n"
            "              orgUnits/sub-west users/wang.wu (service)\n"
            "tags:\n");
}

}  // namespace
}  // namespace crm::crmctl
