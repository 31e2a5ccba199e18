#include "tools/crmctl/opportunity_printer.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using ::testing::HasSubstr;

TEST(OpportunityPrinterTest, StaleReasonSaysWhy) {
  v1::StaleOpportunity stale;
  stale.set_no_recent_activity(true);
  stale.set_days_since_activity(21);
  EXPECT_EQ(StaleReason(stale), "no activity since it was created 21 days ago");
  stale.mutable_opportunity()->mutable_last_activity_time()->set_seconds(1);
  EXPECT_EQ(StaleReason(stale), "no activity for 21 days");
  stale.set_no_recent_activity(false);
  stale.set_follow_up_overdue(true);
  common::v1::Date* due = stale.mutable_opportunity()->mutable_next_follow_up_date();
  due->set_year(2026);
  due->set_month(11);
  due->set_day(5);
  EXPECT_EQ(StaleReason(stale), "follow-up was due 2026-11-05");
}

TEST(OpportunityPrinterTest, HistoryShowsEachChangeBeforeAndAfter) {
  v1::ListOpportunityHistoryResponse history;
  v1::OpportunityHistoryEntry* created = history.add_entries();
  created->set_actor("users/li.si");
  created->set_method("CreateOpportunity");
  created->set_stage(v1::LEAD);
  created->set_probability(10);
  created->set_forecast_category(v1::PIPELINE);
  created->mutable_amount()->set_currency_code("CNY");
  created->mutable_amount()->set_minor_units(380000000);
  v1::OpportunityHistoryEntry* moved = history.add_entries();
  *moved = *created;
  moved->set_method("ChangeStage");
  moved->set_previous_stage(v1::LEAD);
  moved->set_stage(v1::QUOTE);
  moved->add_skipped_stages(v1::DISCOVERY);
  moved->add_skipped_stages(v1::SOLUTION);
  moved->set_previous_probability(10);
  moved->set_probability(60);
  moved->set_previous_forecast_category(v1::PIPELINE);
  *moved->mutable_previous_amount() = created->amount();
  moved->set_days_in_previous_stage(12);
  std::ostringstream out;
  PrintHistory(history, out);
  EXPECT_EQ(
      out.str(),
      "TIME  ACTOR  METHOD             STAGE                                       "
      "DAYS_BEFORE  AMOUNT    PROB       FORECAST  CLOSE  REASON\n"
      "      li.si  CreateOpportunity  lead                                                     "
      "380.00万  10%        pipeline\n"
      "      li.si  ChangeStage        lead → quote (skipped discovery, solution)  12           "
      "380.00万  10% → 60%  pipeline\n");
}

}  // namespace
}  // namespace crm::crmctl
