#include "tools/crmctl/csv_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<CsvRecord> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.Next(&record)) records.push_back(record);
  return records;
}

TEST(CsvReaderTest, SplitsAtCommasAndTrimsUnquotedFields) {
  const std::vector<CsvRecord> records = ReadAll("a,b , c\n,x,\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("", "x", ""));
  EXPECT_THAT(records[1].error, IsEmpty());
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const std::vector<CsvRecord> records = ReadAll(
      "\"上海,华信\",\"say \"\"hi\"\"\", \" kept \"\n"
      "\"two\r\nlines\",x\r\n"
      "next,\"\"\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[0].fields, ElementsAre("上海,华信", "say \"hi\"", " kept "));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("two\nlines", "x"));
  // The record after a field over two lines starts on line 4.
  EXPECT_EQ(records[2].line, 4);
  EXPECT_THAT(records[2].fields, ElementsAre("next", ""));
}

TEST(CsvReaderTest, SkipsTheByteOrderMarkCrlfAndBlankLines) {
  const std::vector<CsvRecord> records =
      ReadAll("\xEF\xBB\xBFparent,child\r\n\r\n   \r\n91,92\r\n\n93,94");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[0].fields, ElementsAre("parent", "child"));
  EXPECT_EQ(records[1].line, 4);
  EXPECT_THAT(records[1].fields, ElementsAre("91", "92"));
  EXPECT_EQ(records[2].line, 6);
  EXPECT_THAT(records[2].fields, ElementsAre("93", "94"));
}

TEST(CsvReaderTest, MalformedQuotingIsReportedOnItsRecord) {
  std::vector<CsvRecord> records = ReadAll("\"a\"b,c\nok,1\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error, "text after a closing quote");
  EXPECT_THAT(records[0].fields, ElementsAre("a", "c"));
  EXPECT_THAT(records[1].error, IsEmpty());

  records = ReadAll("x,\"never closed\ny,z\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].error, "a quoted field is not closed");
}

TEST(CsvReaderTest, AnEmptyInputHasNoRecords) {
  EXPECT_THAT(ReadAll(""), IsEmpty());
  EXPECT_THAT(ReadAll("\n \r\n"), IsEmpty());
  EXPECT_THAT(ReadAll("\xEF\xBB\xBF"), IsEmpty());
}

TEST(CsvReaderTest, AFieldThatIsNotUtf8MakesTheRecordMalformed) {
  const std::vector<CsvRecord> records = ReadAll("a,b\nok,\"x\xE4\xB8\"\n\xFF,\xE4\xB8\xAD\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[1].error,
            "field 2 is not valid UTF-8 (byte 2 of the field); save the file as UTF-8");
  EXPECT_THAT(records[1].fields, ElementsAre("ok", "x\xE4\xB8"));
  EXPECT_EQ(records[2].error,
            "field 1 is not valid UTF-8 (byte 1 of the field); save the file as UTF-8");
}

}  // namespace
}  // namespace crm::crmctl
