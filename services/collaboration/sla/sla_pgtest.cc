// The SLA clock through the collaboration service's gRPC API, against the
// real customer service, PostgreSQL and Redis (services/collaboration/
// testing), with the FakeClock moved: critical requests answered within 2
// hours, urgent within 24, general within 3 working days across a weekend;
// an acknowledgement stops the clock; the job marks each breach once (with
// a timeline entry and an event) and escalates a critical one once; step
// due times breach once per step; the policy is versioned and open requests
// keep the due times they were given.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration {
namespace {

using ::crm::collaboration::testing::CollaborationTestEnv;
using ::crm::collaboration::testing::EastAdmin;
using ::crm::collaboration::testing::EastSales;
using ::crm::collaboration::testing::Hq;
using ::crm::collaboration::testing::Integration;
using ::crm::collaboration::testing::WestSales;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Principal = auth::v1::Principal;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.push_back(v.field());
  return fields;
}

// A time in Shanghai in January 2026 (2026-01-09 is a Friday).
absl::Time Shanghai(int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, 1, day, hour, minute, 0),
                         clock::BusinessTimeZone());
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

// Friday 2026-01-09 10:00 in Shanghai: the requests are raised then.
const absl::Time kRaised = Shanghai(9, 10);

// A fresh service per test: the job looks at every request, and each test
// sets the time.
class SlaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_sla");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    env_->clock().Set(kRaised);
    customer_ = env_->NewCustomer(EastSales(), "华信能源集团有限公司");
  }

  v1::CollaborationService::Stub& stub() { return env_->stub(); }

  // Raised by sub-east's seller, sub-west asked to help.
  v1::CollaborationRequest Raise(v1::Urgency urgency, const std::string& title) {
    v1::CreateCollaborationRequestRequest request;
    v1::CollaborationRequest& values = *request.mutable_collaboration_request();
    values.set_customer(customer_);
    values.set_title(title);
    values.set_urgency(urgency);
    v1::Participant& west = *values.add_participants();
    west.set_org_unit("orgUnits/sub-west");
    west.set_task("施工方案");
    v1::CollaborationRequest created;
    const absl::Status status = status::FromGrpc(
        stub().CreateCollaborationRequest(env_->As(EastSales()).get(), request, &created));
    EXPECT_TRUE(status.ok()) << status;
    return created;
  }

  v1::CollaborationRequest Get(const std::string& name) {
    v1::GetCollaborationRequestRequest request;
    request.set_name(name);
    v1::CollaborationRequest got;
    const absl::Status status =
        status::FromGrpc(stub().GetCollaborationRequest(env_->As(Hq()).get(), request, &got));
    EXPECT_TRUE(status.ok()) << status;
    return got;
  }

  // Moves the clock to `when` and runs the due jobs.
  void RunJobsAt(absl::Time when) {
    env_->clock().Set(when);
    const absl::Status status = env_->RunJobs();
    EXPECT_TRUE(status.ok()) << status;
  }

  // The request's SLA entries of the timeline: "SLA_BREACHED system <comment>"...
  std::vector<std::string> SlaTimeline(const std::string& name) {
    v1::ListCollaborationTimelineRequest request;
    request.set_parent(name);
    request.set_page_size(1000);
    v1::ListCollaborationTimelineResponse response;
    const absl::Status status = status::FromGrpc(
        stub().ListCollaborationTimeline(env_->As(Hq()).get(), request, &response));
    EXPECT_TRUE(status.ok()) << status;
    std::vector<std::string> entries;
    for (const v1::TimelineEntry& entry : response.entries()) {
      if (entry.kind() != v1::TimelineEntry::SLA_BREACHED &&
          entry.kind() != v1::TimelineEntry::ESCALATED) {
        continue;
      }
      entries.push_back(crm::StrCat(v1::TimelineEntry::Kind_Name(entry.kind()), " ", entry.actor(),
                                    " ", entry.comment()));
    }
    return entries;
  }

  // The request's SLA events in the feed: "REQUEST_SLA_BREACHED response"...
  std::vector<std::string> SlaEvents(const std::string& name) {
    CollaborationTestEnv::WaitForFeeds();
    v1::ListCollaborationEventsRequest request;
    request.set_page_size(1000);
    v1::ListCollaborationEventsResponse response;
    const absl::Status status = status::FromGrpc(
        stub().ListCollaborationEvents(env_->As(Integration()).get(), request, &response));
    EXPECT_TRUE(status.ok()) << status;
    std::vector<std::string> events;
    for (const v1::CollaborationEvent& event : response.events()) {
      if (event.resource() != name) continue;
      if (event.type() != v1::CollaborationEvent::REQUEST_SLA_BREACHED &&
          event.type() != v1::CollaborationEvent::REQUEST_ESCALATED) {
        continue;
      }
      events.push_back(crm::StrCat(v1::CollaborationEvent::Type_Name(event.type()),
                                   event.breach().empty() ? "" : " ", event.breach(), " v",
                                   event.version()));
    }
    return events;
  }

  v1::SlaPolicy GetPolicy() {
    v1::SlaPolicy policy;
    const absl::Status status = status::FromGrpc(
        stub().GetSlaPolicy(env_->As(EastSales()).get(), v1::GetSlaPolicyRequest(), &policy));
    EXPECT_TRUE(status.ok()) << status;
    return policy;
  }

  absl::Status UpdatePolicy(const Principal& as, const v1::SlaPolicy& policy, v1::SlaPolicy* out) {
    v1::UpdateSlaPolicyRequest request;
    *request.mutable_sla_policy() = policy;
    return status::FromGrpc(stub().UpdateSlaPolicy(env_->As(as).get(), request, out));
  }

  std::unique_ptr<CollaborationTestEnv> env_;
  std::string customer_;
};

TEST_F(SlaTest, ACriticalRequestIsDueInTwoHoursBreachedOnceAndEscalatedOnce) {
  const v1::CollaborationRequest raised = Raise(v1::CRITICAL, "锅炉改造 特急");
  ASSERT_FALSE(raised.name().empty());
  EXPECT_EQ(TimeOf(raised.response_due_time()), kRaised + absl::Hours(2));
  // One working day for the step: Friday 10:00 → Monday 10:00.
  EXPECT_EQ(TimeOf(raised.step_due_time()), Shanghai(12, 10));
  EXPECT_EQ(raised.sla_policy_version(), 1);

  RunJobsAt(kRaised + absl::Hours(2) - absl::Minutes(1));
  EXPECT_FALSE(Get(raised.name()).has_response_breach_time());
  EXPECT_THAT(SlaTimeline(raised.name()), IsEmpty());

  const absl::Time breached_at = kRaised + absl::Hours(2) + absl::Minutes(1);
  RunJobsAt(breached_at);
  v1::CollaborationRequest after = Get(raised.name());
  EXPECT_EQ(TimeOf(after.response_breach_time()), kRaised + absl::Hours(2));
  EXPECT_EQ(TimeOf(after.escalate_time()), breached_at);
  EXPECT_FALSE(after.has_step_breach_time());
  EXPECT_EQ(after.step(), v1::TO_SURVEY);
  EXPECT_THAT(SlaTimeline(raised.name()),
              ElementsAre("SLA_BREACHED system response SLA breached: no participant "
                          "acknowledged by 2026-01-09 12:00 +08:00",
                          "ESCALATED system critical request escalated to HQ: its response SLA "
                          "was breached"));
  const std::string version = crm::StrCat(" v", after.etag().substr(1, after.etag().size() - 2));
  EXPECT_THAT(SlaEvents(raised.name()), ElementsAre("REQUEST_SLA_BREACHED response" + version,
                                                    "REQUEST_ESCALATED" + version));

  // Later runs find nothing more until the step's due time passes; its
  // breach is marked once and not escalated again.
  RunJobsAt(breached_at + absl::Hours(1));
  RunJobsAt(Shanghai(12, 9, 59));
  EXPECT_EQ(SlaTimeline(raised.name()).size(), 2u);
  RunJobsAt(Shanghai(12, 10, 1));
  RunJobsAt(Shanghai(12, 11));
  after = Get(raised.name());
  EXPECT_EQ(TimeOf(after.step_breach_time()), Shanghai(12, 10));
  EXPECT_EQ(TimeOf(after.escalate_time()), breached_at);
  EXPECT_THAT(SlaTimeline(raised.name()),
              ElementsAre(::testing::StartsWith("SLA_BREACHED system response"),
                          ::testing::StartsWith("ESCALATED"),
                          "SLA_BREACHED system step SLA breached: TO_SURVEY was due "
                          "2026-01-12 10:00 +08:00"));
  const std::vector<std::string> events = SlaEvents(raised.name());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events[2], ::testing::StartsWith("REQUEST_SLA_BREACHED step"));
}

TEST_F(SlaTest, AnUrgentRequestIsDueInTwentyFourHoursAndNotEscalated) {
  const v1::CollaborationRequest raised = Raise(v1::URGENT, "管道材料 紧急");
  ASSERT_FALSE(raised.name().empty());
  // 24 hours on the clock, whatever the weekend; the step 3 working days.
  EXPECT_EQ(TimeOf(raised.response_due_time()), Shanghai(10, 10));
  EXPECT_EQ(TimeOf(raised.step_due_time()), Shanghai(14, 10));

  RunJobsAt(Shanghai(10, 9, 59));
  EXPECT_FALSE(Get(raised.name()).has_response_breach_time());
  RunJobsAt(Shanghai(10, 10, 1));
  const v1::CollaborationRequest after = Get(raised.name());
  EXPECT_EQ(TimeOf(after.response_breach_time()), Shanghai(10, 10));
  EXPECT_FALSE(after.has_escalate_time());
  EXPECT_THAT(SlaTimeline(raised.name()),
              ElementsAre("SLA_BREACHED system response SLA breached: no participant "
                          "acknowledged by 2026-01-10 10:00 +08:00"));
  RunJobsAt(Shanghai(10, 12));
  EXPECT_EQ(SlaEvents(raised.name()).size(), 1u);
}

TEST_F(SlaTest, AGeneralRequestIsDueInThreeWorkingDaysAcrossTheWeekend) {
  const v1::CollaborationRequest raised = Raise(v1::GENERAL, "设计方案 一般");
  ASSERT_FALSE(raised.name().empty());
  // Friday 10:00 + 3 working days: Monday, Tuesday, Wednesday 10:00; the
  // step 5 working days: the next Friday.
  EXPECT_EQ(TimeOf(raised.response_due_time()), Shanghai(14, 10));
  EXPECT_EQ(TimeOf(raised.step_due_time()), Shanghai(16, 10));

  // Five calendar days later, over the weekend, it is still in time.
  RunJobsAt(Shanghai(14, 9, 59));
  EXPECT_FALSE(Get(raised.name()).has_response_breach_time());
  EXPECT_THAT(SlaEvents(raised.name()), IsEmpty());
  RunJobsAt(Shanghai(14, 10, 1));
  const v1::CollaborationRequest after = Get(raised.name());
  EXPECT_EQ(TimeOf(after.response_breach_time()), Shanghai(14, 10));
  EXPECT_FALSE(after.has_escalate_time());
  EXPECT_FALSE(after.has_step_breach_time());
  const std::vector<std::string> events = SlaEvents(raised.name());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0], ::testing::StartsWith("REQUEST_SLA_BREACHED response"));
}

TEST_F(SlaTest, TheFirstAcknowledgementStopsTheResponseClock) {
  const v1::CollaborationRequest answered = Raise(v1::CRITICAL, "已响应");
  const v1::CollaborationRequest unanswered = Raise(v1::CRITICAL, "未响应");
  ASSERT_FALSE(answered.name().empty());

  env_->clock().Set(kRaised + absl::Minutes(90));
  v1::AcknowledgeCollaborationRequestRequest ack;
  ack.set_name(answered.name());
  v1::CollaborationRequest acknowledged;
  const absl::Status status = status::FromGrpc(
      stub().AcknowledgeCollaborationRequest(env_->As(WestSales()).get(), ack, &acknowledged));
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(TimeOf(acknowledged.acknowledge_time()), kRaised + absl::Minutes(90));

  RunJobsAt(kRaised + absl::Hours(3));
  const v1::CollaborationRequest after = Get(answered.name());
  EXPECT_FALSE(after.has_response_breach_time());
  EXPECT_FALSE(after.has_escalate_time());
  EXPECT_THAT(SlaTimeline(answered.name()), IsEmpty());
  EXPECT_THAT(SlaEvents(answered.name()), IsEmpty());
  // The one nobody answered is breached and escalated.
  EXPECT_TRUE(Get(unanswered.name()).has_escalate_time());
  EXPECT_EQ(SlaEvents(unanswered.name()).size(), 2u);
}

TEST_F(SlaTest, EachStepHasItsOwnDueTimeAndBreach) {
  const v1::CollaborationRequest raised = Raise(v1::URGENT, "分步");
  ASSERT_FALSE(raised.name().empty());
  // Past the first step's due time (Wednesday 10:00).
  RunJobsAt(Shanghai(14, 11));
  v1::CollaborationRequest before = Get(raised.name());
  EXPECT_EQ(TimeOf(before.step_breach_time()), Shanghai(14, 10));

  // The next step gets the policy's 3 working days from now (Wednesday
  // 11:00 → Monday 11:00) and a clear breach.
  v1::AdvanceCollaborationRequestRequest advance;
  advance.set_name(raised.name());
  advance.set_etag(before.etag());
  advance.set_step(v1::DESIGNING);
  v1::CollaborationRequest advanced;
  const absl::Status status = status::FromGrpc(
      stub().AdvanceCollaborationRequest(env_->As(EastSales()).get(), advance, &advanced));
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(TimeOf(advanced.step_due_time()), Shanghai(19, 11));
  EXPECT_FALSE(advanced.has_step_breach_time());

  RunJobsAt(Shanghai(19, 10, 59));
  EXPECT_FALSE(Get(raised.name()).has_step_breach_time());
  RunJobsAt(Shanghai(19, 11, 1));
  EXPECT_EQ(TimeOf(Get(raised.name()).step_breach_time()), Shanghai(19, 11));
  std::vector<std::string> steps;
  for (const std::string& entry : SlaTimeline(raised.name())) {
    if (entry.find("step SLA") != std::string::npos) steps.push_back(entry);
  }
  EXPECT_THAT(steps, ElementsAre("SLA_BREACHED system step SLA breached: TO_SURVEY was due "
                                 "2026-01-14 10:00 +08:00",
                                 "SLA_BREACHED system step SLA breached: DESIGNING was due "
                                 "2026-01-19 11:00 +08:00"));
}

TEST_F(SlaTest, HqVersionsThePolicyAndOpenRequestsKeepTheirDueTimes) {
  const v1::CollaborationRequest before = Raise(v1::CRITICAL, "旧政策");
  ASSERT_FALSE(before.name().empty());
  v1::SlaPolicy policy = GetPolicy();
  EXPECT_EQ(policy.name(), "slaPolicy");
  EXPECT_EQ(policy.version(), 1);
  EXPECT_EQ(policy.etag(), "\"1\"");
  ASSERT_EQ(policy.rules_size(), 3);

  // Critical: 4 hours from now on.
  v1::SlaPolicy changed = policy;
  for (v1::SlaRule& rule : *changed.mutable_rules()) {
    if (rule.urgency() == v1::CRITICAL) rule.set_response_hours(4);
  }
  v1::SlaPolicy stored;
  // Only HQ's administrators set it.
  absl::Status status = UpdatePolicy(EastAdmin(), changed, &stored);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
  EXPECT_EQ(Reason(status), "ROLE_NOT_ALLOWED");

  // Every problem at once, nothing stored.
  v1::SlaPolicy bad = changed;
  bad.mutable_rules(0)->set_response_hours(5);  // GENERAL had working days: now both
  bad.mutable_rules(2)->set_urgency(v1::URGENT);
  bad.clear_etag();
  status = UpdatePolicy(Hq(), bad, &stored);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(Fields(status), ElementsAre("sla_policy.etag", "sla_policy.rules[0].response_hours",
                                          "sla_policy.rules[2].urgency", "sla_policy.rules"));
  EXPECT_EQ(GetPolicy().version(), 1);

  status = UpdatePolicy(Hq(), changed, &stored);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(stored.version(), 2);
  EXPECT_EQ(stored.etag(), "\"2\"");
  EXPECT_EQ(TimeOf(stored.update_time()), kRaised);
  EXPECT_EQ(GetPolicy().version(), 2);
  // The same etag again: another version came since.
  status = UpdatePolicy(Hq(), changed, &stored);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_EQ(Reason(status), "ETAG_MISMATCH");

  // The open request keeps its 2 hours and version 1; a new one gets 4.
  const v1::CollaborationRequest kept = Get(before.name());
  EXPECT_EQ(TimeOf(kept.response_due_time()), kRaised + absl::Hours(2));
  EXPECT_EQ(kept.sla_policy_version(), 1);
  const v1::CollaborationRequest after = Raise(v1::CRITICAL, "新政策");
  EXPECT_EQ(TimeOf(after.response_due_time()), kRaised + absl::Hours(4));
  EXPECT_EQ(after.sla_policy_version(), 2);

  RunJobsAt(kRaised + absl::Hours(3));
  EXPECT_TRUE(Get(before.name()).has_response_breach_time());
  EXPECT_FALSE(Get(after.name()).has_response_breach_time());
}

}  // namespace
}  // namespace crm::collaboration
