#include "tools/crmctl/pipeline_printer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/money/checked_math.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/board_layout.h"
#include "tools/crmctl/display_width.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

constexpr std::array<v1::Stage, 5> kOpenStages = {v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE,
                                                  v1::NEGOTIATION};
constexpr int kMaxCellWidth = 36;
constexpr char kCellSeparator[] = " · ";

// "线索 lead".
std::string StageHeading(v1::Stage stage) {
  return crm::StrCat(StageChineseName(stage), " ", StageName(stage));
}

// "title · customer · amount": the title and customer are cut to fit, the
// amount never.
std::string BoardCell(const v1::Opportunity& opportunity) {
  const std::string what = crm::StrCat(SingleLine(opportunity.title()), kCellSeparator,
                                       SingleLine(opportunity.customer_display_name().empty()
                                                      ? LastSegment(opportunity.customer())
                                                      : opportunity.customer_display_name()));
  if (opportunity.amount().currency_code().empty()) return TruncateToWidth(what, kMaxCellWidth);
  const std::string amount = crm::StrCat(kCellSeparator, ShortMoney(opportunity.amount()));
  return TruncateToWidth(what, kMaxCellWidth - DisplayWidth(amount)) + amount;
}

// One stage's column: its cells and its footing.
struct BoardColumn {
  std::string heading;
  std::vector<std::string> cells;
  int64_t cny_fen = 0;
  bool overflow = false;
  int count = 0;
  int other_currency = 0;

  std::string Footing() const {
    std::string text =
        crm::StrCat(overflow ? "(too large)" : money::FormatWanYuan(cny_fen), " (", count, ")");
    if (other_currency > 0) crm::StrAppend(&text, " +", other_currency, " other currency");
    return text;
  }
};

// "40.0%" from basis points.
std::string PercentFromBasisPoints(int32_t basis_points) {
  return FormatPercent(basis_points / 100.0);
}

}  // namespace

void PrintBoard(const google::protobuf::RepeatedPtrField<v1::Opportunity>& open,
                std::ostream& out) {
  std::vector<BoardColumn> columns;
  for (const v1::Stage stage : kOpenStages) columns.push_back({.heading = StageHeading(stage)});
  for (const v1::Opportunity& opportunity : open) {
    const auto at = std::find(kOpenStages.begin(), kOpenStages.end(), opportunity.stage());
    if (at == kOpenStages.end()) continue;
    BoardColumn& column = columns[at - kOpenStages.begin()];
    column.cells.push_back(BoardCell(opportunity));
    ++column.count;
    const common::v1::Money& amount = opportunity.amount();
    if (amount.currency_code() == "CNY") {
      absl::StatusOr<int64_t> sum = money::CheckedAdd(column.cny_fen, amount.minor_units());
      if (sum.ok()) {
        column.cny_fen = *sum;
      } else {
        column.overflow = true;
      }
    } else if (!amount.currency_code().empty()) {
      ++column.other_currency;
    }
  }

  std::vector<BoardLayoutColumn> layout;
  for (BoardColumn& column : columns) {
    layout.push_back(
        {.heading = column.heading, .lines = std::move(column.cells), .footing = column.Footing()});
  }
  PrintBoardColumns(layout, out);
}

void PrintFunnel(const v1::Funnel& funnel, std::ostream& out) {
  TablePrinter stages(
      {"STAGE", "COUNT", "AMOUNT", "WEIGHTED", "REACHED", "CONVERSION", "AVG_DAYS_IN_STAGE"});
  for (const v1::FunnelStage& stage : funnel.stages()) {
    const bool open = stage.stage() >= v1::LEAD && stage.stage() <= v1::NEGOTIATION;
    stages.AddRow({StageHeading(stage.stage()), GroupDigits(stage.count()),
                   ShortMoney(stage.amount()), ShortMoney(stage.weighted_amount()),
                   GroupDigits(stage.reached_count()),
                   open ? PercentFromBasisPoints(stage.conversion_to_next_bp()) : "",
                   open ? FormatDecimal(stage.average_days_in_stage(), 1) : ""});
  }
  stages.Print(out);
  out << '\n' << "opportunities: " << GroupDigits(funnel.total_count());
  if (funnel.other_currency_count() > 0) {
    out << " (" << GroupDigits(funnel.other_currency_count())
        << " in other currencies: counted, not summed)";
  }
  out << '\n'
      << "win rate: " << PercentFromBasisPoints(funnel.win_rate_bp()) << " (won of won + lost)\n"
      << "average cycle: " << FormatDecimal(funnel.average_cycle_days(), 1)
      << " days (creation to close)\n";
  if (funnel.forecast().empty()) return;

  // Month × category: each cell "amount (count)".
  constexpr std::array<v1::ForecastCategory, 5> kCategories = {
      v1::COMMIT, v1::BEST_CASE, v1::PIPELINE, v1::CLOSED, v1::OMITTED};
  std::map<std::string, std::map<int, const v1::ForecastRow*>> months;
  for (const v1::ForecastRow& row : funnel.forecast()) months[row.month()][row.category()] = &row;
  std::vector<std::string> headers = {"MONTH"};
  for (const v1::ForecastCategory category : kCategories) {
    std::string header = ForecastCategoryName(category);
    std::transform(header.begin(), header.end(), header.begin(),
                   [](char c) { return c == '-' ? '_' : static_cast<char>(std::toupper(c)); });
    headers.push_back(header);
  }
  headers.push_back("WEIGHTED");
  TablePrinter forecast(std::move(headers));
  for (const auto& [month, rows] : months) {
    std::vector<std::string> cells = {month};
    int64_t weighted = 0;
    bool weighted_exact = true;
    std::string weighted_currency;
    for (const v1::ForecastCategory category : kCategories) {
      const auto found = rows.find(category);
      if (found == rows.end()) {
        cells.push_back("");
        continue;
      }
      const v1::ForecastRow& row = *found->second;
      cells.push_back(crm::StrCat(ShortMoney(row.amount()), " (", row.count(), ")"));
      // What is left out of the forecast is not weighed into it.
      if (category == v1::OMITTED) continue;
      weighted_currency = row.weighted_amount().currency_code();
      absl::StatusOr<int64_t> sum =
          money::CheckedAdd(weighted, row.weighted_amount().minor_units());
      if (sum.ok()) {
        weighted = *sum;
      } else {
        weighted_exact = false;
      }
    }
    common::v1::Money total;
    total.set_currency_code(weighted_currency);
    total.set_minor_units(weighted);
    cells.push_back(weighted_exact ? ShortMoney(total) : "(too large)");
    forecast.AddRow(std::move(cells));
  }
  out << "\nforecast by month of expected close (won: of close), amount (count); "
         "weighted without omitted:\n";
  forecast.Print(out);
}

}  // namespace crm::crmctl
