#include "services/opportunity/rules/activity_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kCustomer[] = "customers/0b7f3c2e-8d4a-4e1b-9c6f-2a5d8e1f4b70";
constexpr char kOpportunity[] = "opportunities/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

// 2026-12-06T12:00:00Z
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 12, 6, 12, 0, 0), absl::UTCTimeZone());

std::string Contact(int n) {
  return crm::StrCat(kCustomer, "/contacts/5e0c1d2a-3b4c-4d5e-8f60-7182930000", n < 10 ? "0" : "",
                     n);
}

void SetTime(v1::Activity& activity, absl::Time time) {
  activity.mutable_occur_time()->set_seconds(absl::ToUnixSeconds(time));
  activity.mutable_occur_time()->set_nanos(static_cast<int>(
      (time - absl::FromUnixSeconds(absl::ToUnixSeconds(time))) / absl::Nanoseconds(1)));
}

v1::Activity Visit() {
  v1::Activity activity;
  activity.set_customer(kCustomer);
  activity.set_opportunity(kOpportunity);
  activity.set_type(v1::Activity::VISIT);
  SetTime(activity, kNow - absl::Hours(3));
  activity.add_contacts(Contact(1));
  activity.set_summary("拜访财务总监，确认预算\n下周提交方案");
  activity.set_next_step("提交方案");
  activity.mutable_next_follow_up_date()->set_year(2026);
  activity.mutable_next_follow_up_date()->set_month(12);
  activity.mutable_next_follow_up_date()->set_day(13);
  return activity;
}

std::vector<std::string> Problems(const v1::Activity& activity) {
  status::FieldViolations violations;
  ValidateActivityForCreate(activity, kNow, violations);
  return status::testing::Descriptions(violations);
}

std::vector<std::string> ProblemFields(const v1::Activity& activity) {
  status::FieldViolations violations;
  ValidateActivityForCreate(activity, kNow, violations);
  return status::testing::Fields(violations);
}

TEST(ValidateActivityTest, AnOrdinaryVisitIsValid) { EXPECT_THAT(Problems(Visit()), IsEmpty()); }

TEST(ValidateActivityTest, AMinimalNoteIsValid) {
  v1::Activity activity;
  activity.set_customer(kCustomer);
  activity.set_type(v1::Activity::NOTE);
  SetTime(activity, kNow);
  activity.set_summary("x");
  EXPECT_THAT(Problems(activity), IsEmpty());
}

TEST(ValidateActivityTest, EverythingMissingAtOnce) {
  EXPECT_THAT(
      ProblemFields(v1::Activity()),
      ElementsAre("activity.customer", "activity.type", "activity.occur_time", "activity.summary"));
  EXPECT_THAT(Problems(v1::Activity())[2], "activity.occur_time: required; when it happened");
}

TEST(ValidateActivityTest, OpportunityWellFormedWhenGiven) {
  v1::Activity activity = Visit();
  activity.set_opportunity("opportunities/42");
  EXPECT_THAT(Problems(activity), ElementsAre("activity.opportunity: 'opportunities/42' is not "
                                              "an opportunity name like opportunities/{uuid}"));
  activity.set_opportunity("OPPORTUNITIES/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  EXPECT_THAT(ProblemFields(activity), ElementsAre("activity.opportunity"));
  activity.set_opportunity("opportunities/9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D");
  EXPECT_THAT(Problems(activity), IsEmpty());
  activity.clear_opportunity();
  EXPECT_THAT(Problems(activity), IsEmpty());
}

TEST(ValidateActivityTest, TypeIsKnown) {
  v1::Activity activity = Visit();
  activity.set_type(static_cast<v1::Activity::Type>(12));
  EXPECT_THAT(ProblemFields(activity), ElementsAre("activity.type"));
}

TEST(OccurTimeTest, UpToFiveMinutesAhead) {
  v1::Activity activity = Visit();
  SetTime(activity, kNow + absl::Minutes(5));
  EXPECT_THAT(Problems(activity), IsEmpty());
  SetTime(activity, kNow + absl::Minutes(5) + absl::Nanoseconds(1));
  EXPECT_THAT(ProblemFields(activity), ElementsAre("activity.occur_time"));
  SetTime(activity, kNow + absl::Minutes(6));
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.occur_time: 2026-12-06T12:06:00Z is in the future (now "
                          "2026-12-06T12:00:00Z; 5 minutes of clock skew allowed)"));
}

TEST(OccurTimeTest, NotBeforeTheYear2000) {
  v1::Activity activity = Visit();
  SetTime(activity, EarliestActivityTime());
  EXPECT_THAT(Problems(activity), IsEmpty());
  SetTime(activity, EarliestActivityTime() - absl::Seconds(1));
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.occur_time: 1999-12-31T23:59:59Z is before 2000-01-01"));
}

TEST(OccurTimeTest, AnInvalidTimestampIsNamed) {
  v1::Activity activity = Visit();
  activity.mutable_occur_time()->set_nanos(-1);
  EXPECT_THAT(ProblemFields(activity), ElementsAre("activity.occur_time"));
}

TEST(ValidateActivityTest, SummaryAndNextStepLengths) {
  v1::Activity activity = Visit();
  activity.set_summary(std::string(4000, 's'));
  activity.set_next_step(std::string(1000, 'n'));
  EXPECT_THAT(Problems(activity), IsEmpty());
  activity.set_summary(std::string(4001, 's'));
  activity.set_next_step(std::string(1001, 'n'));
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.summary: at most 4000 characters, got 4001",
                          "activity.next_step: at most 1000 characters, got 1001"));
  activity.set_summary(" \n ");
  activity.clear_next_step();
  EXPECT_THAT(Problems(activity), ElementsAre("activity.summary: required (1-4000 characters)"));
}

TEST(ValidateActivityTest, ContactsWellFormedDistinctAndAtMostTwenty) {
  v1::Activity activity = Visit();
  activity.clear_contacts();
  for (int i = 0; i < 20; ++i) activity.add_contacts(Contact(i));
  EXPECT_THAT(Problems(activity), IsEmpty());
  activity.add_contacts(Contact(20));
  EXPECT_THAT(Problems(activity), ElementsAre("activity.contacts: 21 values given; at most 20"));
  activity.clear_contacts();
  activity.add_contacts(Contact(1));
  activity.add_contacts("contacts/1");
  activity.add_contacts(Contact(1));
  EXPECT_THAT(ProblemFields(activity), ElementsAre("activity.contacts[1]", "activity.contacts[2]"));
  EXPECT_EQ(Problems(activity)[1],
            "activity.contacts[2]: " + Contact(1) + " is already listed at activity.contacts[0]");
}

TEST(ComplaintTest, RequiredWithASeverityForAComplaint) {
  v1::Activity activity = Visit();
  activity.set_type(v1::Activity::COMPLAINT);
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.complaint: required for a COMPLAINT, with its severity"));
  activity.mutable_complaint()->set_resolved(true);
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.complaint.severity: required; use one of LOW, MEDIUM, HIGH "
                          "or CRITICAL"));
  activity.mutable_complaint()->set_severity(v1::Complaint::HIGH);
  EXPECT_THAT(Problems(activity), IsEmpty());
}

TEST(ComplaintTest, OnlyAComplaintHasOne) {
  v1::Activity activity = Visit();
  activity.mutable_complaint()->set_severity(v1::Complaint::LOW);
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.complaint: only a COMPLAINT has one; this activity is a "
                          "VISIT"));
}

TEST(ValidateActivityTest, FollowUpDateIsARealDate) {
  v1::Activity activity = Visit();
  activity.mutable_next_follow_up_date()->set_year(2023);
  activity.mutable_next_follow_up_date()->set_month(2);
  activity.mutable_next_follow_up_date()->set_day(29);
  EXPECT_THAT(Problems(activity),
              ElementsAre("activity.next_follow_up_date: 2023-02-29 is not a date: February 2023 "
                          "has 28 days"));
  activity.mutable_next_follow_up_date()->set_year(2024);
  EXPECT_THAT(Problems(activity), IsEmpty());
}

}  // namespace
}  // namespace crm::opportunity
