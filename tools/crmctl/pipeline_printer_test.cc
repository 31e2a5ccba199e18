#include "tools/crmctl/pipeline_printer.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using ::testing::ElementsAre;

common::v1::Money Money(const char* currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

v1::Opportunity Opportunity(v1::Stage stage, const char* title, const char* customer_name,
                            const common::v1::Money* amount) {
  v1::Opportunity opportunity;
  opportunity.set_stage(stage);
  opportunity.set_title(title);
  opportunity.set_customer("customers/c3");
  opportunity.set_customer_display_name(customer_name);
  if (amount != nullptr) *opportunity.mutable_amount() = *amount;
  return opportunity;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  EXPECT_EQ(lines.back(), "");  // ends with a newline
  lines.pop_back();
  return lines;
}

std::string Rule(int width) {
  std::string rule;
  for (int i = 0; i < width; ++i) rule += "─";
  return rule;
}

std::string Spaces(int count) { return std::string(count, ' '); }

TEST(PipelineBoardTest, StagesAreColumnsAlignedByDisplayWidth) {
  const common::v1::Money million_two = Money("CNY", 120000000);
  const common::v1::Money half_million = Money("CNY", 50000050);
  const common::v1::Money three_million = Money("CNY", 300000000);
  const common::v1::Money dollars = Money("USD", 100000);
  google::protobuf::RepeatedPtrField<v1::Opportunity> open;
  *open.Add() = Opportunity(v1::LEAD, "光伏二期", "华信新能源", &million_two);
  *open.Add() = Opportunity(v1::LEAD, "Rooftop PV", "华信电力", &half_million);
  *open.Add() = Opportunity(v1::QUOTE, "储能电站", "", nullptr);  // no name: the id
  *open.Add() = Opportunity(v1::NEGOTIATION, "运维服务合同", "华信能源集团", &dollars);
  *open.Add() = Opportunity(v1::WON, "已赢单", "华信电力", &million_two);  // not on the board
  *open.Add() = Opportunity(v1::DISCOVERY, "华信能源集团总部大楼综合能源管理平台", "华信能源集团",
                            &three_million);
  std::ostringstream out;
  PrintBoard(open, out);

  // Column widths: 32, 36 (a cut cell), 17 (its heading), 13, 35 (a cut
  // cell). A cut keeps the amount.
  EXPECT_THAT(Lines(out.str()),
              ElementsAre("线索 lead" + Spaces(32 - 9 + 2) + "需求调研 discovery" +
                              Spaces(36 - 18 + 2) + "方案制定 solution" + Spaces(2) + "报价 quote" +
                              Spaces(13 - 10 + 2) + "谈判 negotiation",
                          Rule(32) + Spaces(2) + Rule(36) + Spaces(2) + Rule(17) + Spaces(2) +
                              Rule(13) + Spaces(2) + Rule(35),
                          "光伏二期 · 华信新能源 · 120.00万" + Spaces(2) +
                              "华信能源集团总部大楼综合… · 300.00万" + Spaces(2 + 17 + 2) +
                              "储能电站 · c3" + Spaces(2) + "运维服务合同 · 华信… · 1,000.00 USD",
                          "Rooftop PV · 华信电力 · 50.00万",
                          Rule(32) + Spaces(2) + Rule(36) + Spaces(2) + Rule(17) + Spaces(2) +
                              Rule(13) + Spaces(2) + Rule(35),
                          "170.00万 (2)" + Spaces(32 - 12 + 2) + "300.00万 (1)" +
                              Spaces(36 - 12 + 2) + "0.00万 (0)" + Spaces(17 - 10 + 2) +
                              "0.00万 (1)" + Spaces(13 - 10 + 2) + "0.00万 (1) +1 other currency"));
  // Every line's columns start at the same display column.
  for (const std::string& line : Lines(out.str())) {
    EXPECT_LE(DisplayWidth(line), 32 + 36 + 17 + 13 + 35 + 4 * 2) << line;
  }
}

TEST(PipelineBoardTest, AnEmptyStageStillHasItsColumn) {
  google::protobuf::RepeatedPtrField<v1::Opportunity> open;
  const common::v1::Money amount = Money("CNY", 1000000);
  *open.Add() = Opportunity(v1::SOLUTION, "方案", "甲", &amount);
  std::ostringstream out;
  PrintBoard(open, out);
  // Columns 10 (the footing), 18 (the cell and its heading), 18 (the cell),
  // 10 and 16 wide.
  const std::string rules =
      Rule(10) + "  " + Rule(18) + "  " + Rule(18) + "  " + Rule(10) + "  " + Rule(16);
  EXPECT_THAT(Lines(out.str()),
              ElementsAre("线索 lead   需求调研 discovery  方案制定 solution   报价 quote  "
                          "谈判 negotiation",
                          rules, Spaces(10 + 2 + 18 + 2) + "方案 · 甲 · 1.00万", rules,
                          "0.00万 (0)  0.00万 (0)          1.00万 (1)          0.00万 (0)  "
                          "0.00万 (0)"));
}

TEST(PipelineFunnelTest, StagesTotalsAndForecast) {
  v1::Funnel funnel;
  const auto add_stage = [&](v1::Stage stage, int64_t count, int64_t fen, int64_t weighted,
                             int64_t reached, int32_t conversion_bp, double days) {
    v1::FunnelStage* row = funnel.add_stages();
    row->set_stage(stage);
    row->set_count(count);
    *row->mutable_amount() = Money("CNY", fen);
    *row->mutable_weighted_amount() = Money("CNY", weighted);
    row->set_reached_count(reached);
    row->set_conversion_to_next_bp(conversion_bp);
    row->set_average_days_in_stage(days);
  };
  add_stage(v1::LEAD, 3, 300000000, 30000000, 10, 7000, 12.26);
  add_stage(v1::DISCOVERY, 1, 100000000, 20000000, 7, 5714, 20);
  add_stage(v1::SOLUTION, 0, 0, 0, 4, 5000, 0);
  add_stage(v1::QUOTE, 1, 250000000, 150000000, 2, 10000, 8.5);
  add_stage(v1::NEGOTIATION, 0, 0, 0, 2, 5000, 30);
  add_stage(v1::WON, 1, 80000000, 80000000, 1, 0, 0);
  add_stage(v1::LOST, 2, 150000000, 0, 2, 0, 0);
  funnel.set_total_count(8);
  funnel.set_win_rate_bp(3333);
  funnel.set_average_cycle_days(41.5);
  funnel.set_other_currency_count(1);
  const auto add_forecast = [&](const char* month, v1::ForecastCategory category, int64_t count,
                                int64_t fen, int64_t weighted) {
    v1::ForecastRow* row = funnel.add_forecast();
    row->set_month(month);
    row->set_category(category);
    row->set_count(count);
    *row->mutable_amount() = Money("CNY", fen);
    *row->mutable_weighted_amount() = Money("CNY", weighted);
  };
  // Out of order on purpose: months print in order.
  add_forecast("2027-01", v1::PIPELINE, 2, 200000000, 20000000);
  add_forecast("2026-12", v1::COMMIT, 1, 250000000, 150000000);
  add_forecast("2026-12", v1::CLOSED, 1, 80000000, 80000000);
  add_forecast("2026-12", v1::OMITTED, 1, 100000000, 10000000);
  std::ostringstream out;
  PrintFunnel(funnel, out);
  EXPECT_THAT(
      Lines(out.str()),
      ElementsAre(
          "STAGE               COUNT  AMOUNT    WEIGHTED  REACHED  CONVERSION  AVG_DAYS_IN_STAGE",
          "线索 lead           3      300.00万  30.00万   10       70.0%       12.3",
          "需求调研 discovery  1      100.00万  20.00万   7        57.1%       20.0",
          "方案制定 solution   0      0.00万    0.00万    4        50.0%       0.0",
          "报价 quote          1      250.00万  150.00万  2        100.0%      8.5",
          "谈判 negotiation    0      0.00万    0.00万    2        50.0%       30.0",
          "赢单 won            1      80.00万   80.00万   1",
          "输单 lost           2      150.00万  0.00万    2", "",
          "opportunities: 8 (1 in other currencies: counted, not summed)",
          "win rate: 33.3% (won of won + lost)", "average cycle: 41.5 days (creation to close)", "",
          "forecast by month of expected close (won: of close), amount (count); weighted "
          "without omitted:",
          "MONTH    COMMIT        BEST_CASE  PIPELINE      CLOSED       OMITTED       WEIGHTED",
          "2026-12  250.00万 (1)                           80.00万 (1)  100.00万 (1)  230.00万",
          "2027-01                           200.00万 (2)                             20.00万"));
}

}  // namespace
}  // namespace crm::crmctl
