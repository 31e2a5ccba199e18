#include "tools/crmctl/customer_csv.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

CsvRecord Record(int line, std::vector<std::string> fields) {
  return {.line = line, .fields = std::move(fields)};
}

TEST(CustomerCsvTest, ReadsEveryColumnInAnyOrderAndCase) {
  absl::StatusOr<CustomerCsvLayout> layout = CustomerCsvLayout::FromHeader(
      Record(1,
             {"Legal_Name", "SOURCE_ID", "tags", "uscc", "source_system", "display_name",
              "short_name", "industry", "region", "ownership_type", "size_band", "owner_org_unit"}),
      "");
  ASSERT_TRUE(layout.ok()) << layout.status();
  absl::StatusOr<v1::ImportRow> row = layout->ToRow(Record(
      7, {"上海华信能源科技有限公司", "C-100", " 战略客户; 重点;;", "91310115MA1K3YJ123", "erp-sap",
          "华信科技", "华信", "C", "310115", "state-owned", "very_large", "sub-east"}));
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->row_number(), 7);
  EXPECT_EQ(row->external_reference().source_system(), "erp-sap");
  EXPECT_EQ(row->external_reference().source_id(), "C-100");
  const v1::Customer& c = row->customer();
  EXPECT_EQ(c.legal_name(), "上海华信能源科技有限公司");
  EXPECT_EQ(c.display_name(), "华信科技");
  EXPECT_EQ(c.short_name(), "华信");
  EXPECT_EQ(c.uscc(), "91310115MA1K3YJ123");
  EXPECT_EQ(c.industry(), "C");
  EXPECT_EQ(c.region(), "310115");
  EXPECT_EQ(c.ownership_type(), v1::STATE_OWNED);
  EXPECT_EQ(c.size_band(), v1::VERY_LARGE);
  EXPECT_EQ(c.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(c.tags(), ElementsAre("战略客户", "重点"));
}

TEST(CustomerCsvTest, SourceSystemComesFromTheFlagWhenTheRowHasNone) {
  absl::StatusOr<CustomerCsvLayout> layout = CustomerCsvLayout::FromHeader(
      Record(1, {"source_system", "source_id", "legal_name", "owner_org_unit"}), "oa");
  ASSERT_TRUE(layout.ok()) << layout.status();
  absl::StatusOr<v1::ImportRow> row = layout->ToRow(Record(2, {"", "7", "某公司", "orgUnits/x"}));
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->external_reference().source_system(), "oa");
  EXPECT_EQ(row->customer().owner_org_unit(), "orgUnits/x");
  EXPECT_EQ(row->customer().ownership_type(), v1::OWNERSHIP_TYPE_UNSPECIFIED);
  row = layout->ToRow(Record(3, {"erp-sap", "8", "某公司", ""}));
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->external_reference().source_system(), "erp-sap");
  EXPECT_EQ(row->customer().owner_org_unit(), "");

  layout = CustomerCsvLayout::FromHeader(Record(1, {"source_id", "legal_name"}), "oa");
  ASSERT_TRUE(layout.ok()) << layout.status();
  row = layout->ToRow(Record(2, {"9", "某公司"}));
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->external_reference().source_system(), "oa");
}

TEST(CustomerCsvTest, AHeaderNamesEveryProblem) {
  absl::StatusOr<CustomerCsvLayout> layout =
      CustomerCsvLayout::FromHeader(Record(1, {"source_id", "name", "source_id"}), "");
  ASSERT_FALSE(layout.ok());
  const std::string message(layout.status().message());
  EXPECT_THAT(message, HasSubstr("unknown column \"name\""));
  EXPECT_THAT(message, HasSubstr("column source_id appears twice"));
  EXPECT_THAT(message, HasSubstr("column legal_name is missing"));
  EXPECT_THAT(message, HasSubstr("column source_system is missing (or give --source-system)"));
  EXPECT_THAT(message, HasSubstr("the columns are source_system,source_id,legal_name,"));
}

TEST(CustomerCsvTest, RowsThatCannotBeSentSayWhy) {
  absl::StatusOr<CustomerCsvLayout> layout = CustomerCsvLayout::FromHeader(
      Record(1, {"source_system", "source_id", "legal_name", "ownership_type", "size_band"}), "");
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->ToRow(Record(2, {"erp", "1", "x"})).status().message(),
            "row: has 3 fields; the header has 5");
  EXPECT_THAT(layout->ToRow(Record(3, {"erp", "1", "x", "public", ""})).status().message(),
              HasSubstr("ownership_type: unknown value \"public\"; use one of"));
  EXPECT_THAT(layout->ToRow(Record(4, {"erp", "1", "x", "", "huge"})).status().message(),
              HasSubstr("size_band: unknown value \"huge\""));
  CsvRecord broken = Record(5, {"erp", "1", "x", "", ""});
  broken.error = "a quote is left open";
  EXPECT_EQ(layout->ToRow(broken).status().message(), "row: a quote is left open");
}

TEST(CustomerCsvTest, EncodesRecordsSoTheReaderGetsThemBack) {
  const std::vector<std::string> fields = {"plain",   "a,b", "say \"hi\"", "two\nlines",
                                           " padded", "",    "中文"};
  const std::string line = EncodeCsvRecord(fields);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,中文");
  std::istringstream in(line + "\n");
  CsvReader reader(in);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields, fields);
}

// Found by tests/fuzz: a lone empty field was written as a blank line, which
// the reader skips, and a leading byte order mark was dropped on reading.
TEST(CustomerCsvTest, ALoneEmptyFieldAndALeadingByteOrderMarkReadBack) {
  EXPECT_EQ(EncodeCsvRecord({""}), "\"\"");
  EXPECT_EQ(EncodeCsvRecord({"\xEF\xBB\xBFx", "y"}), "\"\xEF\xBB\xBFx\",y");
  std::istringstream in(EncodeCsvRecord({""}) + "\n" + EncodeCsvRecord({"\xEF\xBB\xBFx"}) + "\n");
  CsvReader reader(in);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.line, 1);
  EXPECT_EQ(record.fields, std::vector<std::string>{""});
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields, std::vector<std::string>{"\xEF\xBB\xBFx"});
}

// A GBK export is refused row by row with the field named, not sent as
// bytes the server cannot parse.
TEST(CustomerCsvTest, ARowThatIsNotUtf8IsRefusedLocally) {
  std::istringstream in("source_id,legal_name\n1,\xC9\xCF\xBA\xA3\n2,上海华信电子有限公司\n");
  CsvReader reader(in);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  absl::StatusOr<CustomerCsvLayout> layout = CustomerCsvLayout::FromHeader(record, "erp");
  ASSERT_TRUE(layout.ok()) << layout.status();
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(layout->ToRow(record).status().message(),
            "row: field 2 is not valid UTF-8 (byte 1 of the field); save the file as UTF-8");
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_TRUE(layout->ToRow(record).ok());
}

}  // namespace
}  // namespace crm::crmctl
