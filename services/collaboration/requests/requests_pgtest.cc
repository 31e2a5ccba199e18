// Collaboration requests through the collaboration service's gRPC API,
// against the real customer service, PostgreSQL and Redis
// (services/collaboration/testing): raising one (due times from the SLA
// policy, every bad field at once, request ids), reading, lists and their
// filters and pages, updates with etags, acknowledgements, the step machine,
// cancelling, comments and the timeline, the events of each change, scope
// with real ids (a subsidiary that takes part in nothing sees and does
// nothing; the customer's owner sees the request), and merges that move
// requests and attributions to the survivor and back.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration {
namespace {

using ::crm::collaboration::testing::CollaborationTestEnv;
using ::crm::collaboration::testing::EastSales;
using ::crm::collaboration::testing::Hq;
using ::crm::collaboration::testing::Integration;
using ::crm::collaboration::testing::NorthSales;
using ::crm::collaboration::testing::WestSales;
using ::google::protobuf::util::TimeUtil;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;
using ::testing::Not;
using Principal = auth::v1::Principal;

constexpr char kMissing[] = "collaborationRequests/0a1b2c3d-0000-4000-8000-00000000dead";

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
  return fields;
}

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

class RequestsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_requests");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static v1::CollaborationService::Stub& stub() { return env_->stub(); }

  // A request of sub-east's on `customer`, asking sub-west (construction)
  // and, with `materials`, sub-south.
  static v1::CollaborationRequest Values(const std::string& customer, const std::string& title,
                                         v1::Urgency urgency = v1::URGENT, bool materials = false) {
    v1::CollaborationRequest values;
    values.set_customer(customer);
    values.set_title(title);
    values.set_description("华信能源集团新厂区：设计 + 施工 + 材料");
    values.set_urgency(urgency);
    v1::Participant* west = values.add_participants();
    west->set_org_unit("orgUnits/sub-west");
    west->set_task("施工方案");
    if (materials) {
      v1::Participant* south = values.add_participants();
      south->set_org_unit("orgUnits/sub-south");
      south->set_task("材料报价");
      south->set_owner("users/sun.materials");
    }
    return values;
  }

  static absl::Status Create(const Principal& as, const v1::CollaborationRequest& values,
                             v1::CollaborationRequest* out, const std::string& request_id = "") {
    v1::CreateCollaborationRequestRequest request;
    *request.mutable_collaboration_request() = values;
    request.set_request_id(request_id);
    return status::FromGrpc(stub().CreateCollaborationRequest(env_->As(as).get(), request, out));
  }
  static v1::CollaborationRequest MustCreate(const Principal& as,
                                             const v1::CollaborationRequest& values) {
    v1::CollaborationRequest created;
    const absl::Status status = Create(as, values, &created);
    EXPECT_TRUE(status.ok()) << status;
    return created;
  }
  static absl::Status Get(const Principal& as, const std::string& name,
                          v1::CollaborationRequest* out) {
    v1::GetCollaborationRequestRequest request;
    request.set_name(name);
    return status::FromGrpc(stub().GetCollaborationRequest(env_->As(as).get(), request, out));
  }
  static v1::CollaborationRequest Reread(const std::string& name) {
    v1::CollaborationRequest out;
    const absl::Status status = Get(Hq(), name, &out);
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }
  static absl::Status Acknowledge(const Principal& as, const std::string& name,
                                  v1::CollaborationRequest* out, const std::string& org_unit = "") {
    v1::AcknowledgeCollaborationRequestRequest request;
    request.set_name(name);
    request.set_org_unit(org_unit);
    return status::FromGrpc(
        stub().AcknowledgeCollaborationRequest(env_->As(as).get(), request, out));
  }
  static absl::Status Advance(const Principal& as, const v1::CollaborationRequest& current,
                              v1::CollaborationStep step, v1::CollaborationRequest* out,
                              const std::string& comment = "") {
    v1::AdvanceCollaborationRequestRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_step(step);
    request.set_comment(comment);
    return status::FromGrpc(stub().AdvanceCollaborationRequest(env_->As(as).get(), request, out));
  }
  static absl::Status Cancel(const Principal& as, const v1::CollaborationRequest& current,
                             const std::string& reason, v1::CollaborationRequest* out) {
    v1::CancelCollaborationRequestRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_reason(reason);
    return status::FromGrpc(stub().CancelCollaborationRequest(env_->As(as).get(), request, out));
  }
  static absl::Status Comment(const Principal& as, const std::string& name,
                              const std::string& comment, v1::TimelineEntry* out,
                              const std::string& request_id = "") {
    v1::AddCollaborationCommentRequest request;
    request.set_parent(name);
    request.set_comment(comment);
    request.set_request_id(request_id);
    return status::FromGrpc(stub().AddCollaborationComment(env_->As(as).get(), request, out));
  }
  static std::vector<v1::TimelineEntry> Timeline(const Principal& as, const std::string& name,
                                                 int page_size = 0) {
    std::vector<v1::TimelineEntry> all;
    v1::ListCollaborationTimelineRequest request;
    request.set_parent(name);
    request.set_page_size(page_size);
    while (true) {
      v1::ListCollaborationTimelineResponse response;
      const grpc::Status status =
          stub().ListCollaborationTimeline(env_->As(as).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.entries().begin(), response.entries().end());
      if (!status.ok() || response.next_page_token().empty()) return all;
      request.set_page_token(response.next_page_token());
    }
  }
  static std::vector<std::string> ListNames(const Principal& as,
                                            v1::ListCollaborationRequestsRequest request) {
    std::vector<std::string> names;
    while (true) {
      v1::ListCollaborationRequestsResponse response;
      const grpc::Status status =
          stub().ListCollaborationRequests(env_->As(as).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::CollaborationRequest& r : response.collaboration_requests()) {
        names.push_back(r.name());
      }
      if (!status.ok() || response.next_page_token().empty()) return names;
      request.set_page_token(response.next_page_token());
    }
  }
  // The types of the feed's events of `resource`, oldest first.
  static std::vector<std::string> EventTypes(const std::string& resource) {
    const std::string types = env_->QueryValue(
        crm::StrCat("SELECT string_agg(type, ',' ORDER BY sequence) FROM collaboration.events"
                    " WHERE resource = '",
                    resource, "'"));
    std::vector<std::string> out;
    for (absl::string_view t : absl::StrSplit(types, ',', absl::SkipEmpty())) {
      out.emplace_back(t);
    }
    return out;
  }

  static inline std::unique_ptr<CollaborationTestEnv> env_;
};

TEST_F(RequestsTest, RaisesARequestWithDueTimesFromThePolicy) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团设计院有限公司");
  const absl::Time now = env_->clock().Now();
  const v1::CollaborationRequest created =
      MustCreate(EastSales(), Values(customer, "新厂区设计+施工+材料", v1::URGENT, true));
  EXPECT_THAT(created.name(), ::testing::StartsWith("collaborationRequests/"));
  EXPECT_EQ(created.customer(), customer);
  EXPECT_EQ(created.customer_display_name(), "华信能源集团设计院有限公司");
  EXPECT_EQ(created.requesting_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.requester(), "users/li.si");
  EXPECT_EQ(created.step_owner(), "users/li.si");
  EXPECT_EQ(created.step(), v1::TO_SURVEY);
  EXPECT_EQ(created.sla_policy_version(), 1);
  EXPECT_EQ(created.etag(), "\"1\"");
  ASSERT_EQ(created.participants_size(), 2);
  EXPECT_EQ(created.participants(0).org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(created.participants(1).org_unit(), "orgUnits/sub-south");
  EXPECT_EQ(created.participants(1).owner(), "users/sun.materials");
  EXPECT_FALSE(created.participants(0).has_acknowledge_time());
  // Urgent: answered within 24 hours; a step takes 3 working days.
  EXPECT_EQ(TimeOf(created.response_due_time()), now + absl::Hours(24));
  EXPECT_GT(TimeOf(created.step_due_time()), now + absl::Hours(24 * 3 - 1));
  EXPECT_FALSE(created.has_acknowledge_time());
  EXPECT_FALSE(created.has_response_breach_time());
  EXPECT_EQ(TimeOf(created.create_time()), now);

  // Critical: within 2 hours.
  const v1::CollaborationRequest critical =
      MustCreate(EastSales(), Values(customer, "特急抢修", v1::CRITICAL));
  EXPECT_EQ(TimeOf(critical.response_due_time()), now + absl::Hours(2));

  // A given step owner and due time are kept.
  v1::CollaborationRequest given = Values(customer, "指定负责人");
  given.set_step_owner("users/zhang.san");
  *given.mutable_step_due_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now + absl::Hours(5)));
  const v1::CollaborationRequest with_owner = MustCreate(EastSales(), given);
  EXPECT_EQ(with_owner.step_owner(), "users/zhang.san");
  EXPECT_EQ(TimeOf(with_owner.step_due_time()), now + absl::Hours(5));

  EXPECT_THAT(EventTypes(created.name()), ElementsAre("REQUEST_CREATED"));
  const std::vector<v1::TimelineEntry> timeline = Timeline(EastSales(), created.name());
  ASSERT_EQ(timeline.size(), 1u);
  EXPECT_EQ(timeline[0].kind(), v1::TimelineEntry::CREATED);
  EXPECT_EQ(timeline[0].actor(), "users/li.si");
  EXPECT_EQ(timeline[0].step(), v1::TO_SURVEY);
  EXPECT_EQ(Reread(created.name()).SerializeAsString(), created.SerializeAsString());
}

TEST_F(RequestsTest, NamesEveryBadFieldAtOnceAndWritesNothing) {
  const std::string before = env_->QueryValue("SELECT count(*) FROM collaboration.requests");
  v1::CollaborationRequest values;
  values.set_customer("customers/42");
  values.set_opportunity("opportunities/0a1b2c3d-0000-4000-8000-000000000001");
  values.set_contract("contracts/x");
  values.set_urgency(static_cast<v1::Urgency>(9));
  values.set_requesting_org_unit("orgUnits/Sub East");
  v1::Participant* p = values.add_participants();
  p->set_org_unit("orgUnits/sub-west");
  v1::Participant* again = values.add_participants();
  again->set_org_unit("orgUnits/sub-west");
  again->set_task("重复");
  values.set_step_owner("li.si");
  v1::CollaborationRequest out;
  const absl::Status status = Create(EastSales(), values, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(Reason(status), "INVALID_ARGUMENT");
  EXPECT_THAT(Fields(status),
              IsSupersetOf({"collaboration_request.customer", "collaboration_request.contract",
                            "collaboration_request.title", "collaboration_request.urgency",
                            "collaboration_request.requesting_org_unit",
                            "collaboration_request.participants[0].task",
                            "collaboration_request.participants[1].org_unit",
                            "collaboration_request.step_owner"}));
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM collaboration.requests"), before);
}

TEST_F(RequestsTest, ARequestIdReplaysTheFirstAnswer) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海协同重放有限公司");
  v1::CollaborationRequest first, second;
  ASSERT_TRUE(Create(EastSales(), Values(customer, "重放"), &first, "collab-create-1").ok());
  ASSERT_TRUE(Create(EastSales(), Values(customer, "重放"), &second, "collab-create-1").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(env_->QueryValue(
                crm::StrCat("SELECT count(*) FROM collaboration.requests WHERE customer_id = '",
                            IdOf(customer), "'")),
            "1");

  v1::TimelineEntry one, two;
  ASSERT_TRUE(Comment(WestSales(), first.name(), "已收到", &one, "collab-comment-1").ok());
  ASSERT_TRUE(Comment(WestSales(), first.name(), "已收到", &two, "collab-comment-1").ok());
  EXPECT_EQ(one.name(), two.name());
  EXPECT_EQ(Timeline(Hq(), first.name()).size(), 2u);
}

TEST_F(RequestsTest, TheCallerRaisesOnlyOnCustomersAndForOrgUnitsInScope) {
  const std::string east_customer = env_->NewCustomer(EastSales(), "上海东部客户有限公司");
  v1::CollaborationRequest out;
  // sub-west neither owns nor serves sub-east's customer.
  v1::CollaborationRequest west_values = Values(east_customer, "越权");
  west_values.mutable_participants(0)->set_org_unit("orgUnits/sub-east");
  const absl::Status not_theirs = Create(WestSales(), west_values, &out);
  EXPECT_EQ(not_theirs.code(), absl::StatusCode::kPermissionDenied) << not_theirs;
  EXPECT_EQ(Reason(not_theirs), "CUSTOMER_NOT_IN_SCOPE");

  v1::CollaborationRequest for_other = Values(east_customer, "替别人提");
  for_other.set_requesting_org_unit("orgUnits/sub-north");
  const absl::Status other_unit = Create(EastSales(), for_other, &out);
  EXPECT_EQ(other_unit.code(), absl::StatusCode::kPermissionDenied) << other_unit;
  EXPECT_EQ(Reason(other_unit), "ORG_UNIT_NOT_IN_SCOPE");

  v1::CollaborationRequest self = Values(east_customer, "自己协同自己");
  self.mutable_participants(0)->set_org_unit("orgUnits/sub-east");
  const absl::Status self_help = Create(EastSales(), self, &out);
  EXPECT_EQ(self_help.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(self_help), Contains("collaboration_request.participants[0].org_unit"));
}

TEST_F(RequestsTest, ANonParticipantSeesNothingAndCannotAct) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海范围测试有限公司");
  const v1::CollaborationRequest created = MustCreate(EastSales(), Values(customer, "范围"));
  v1::CollaborationRequest out;
  // The requesting side, the participant and HQ see it.
  EXPECT_TRUE(Get(EastSales(), created.name(), &out).ok());
  EXPECT_TRUE(Get(WestSales(), created.name(), &out).ok());
  EXPECT_TRUE(Get(Hq(), created.name(), &out).ok());

  // sub-north takes part in nothing: the real id and a missing one look the
  // same to it.
  const absl::Status real = Get(NorthSales(), created.name(), &out);
  EXPECT_EQ(real.code(), absl::StatusCode::kPermissionDenied) << real;
  EXPECT_EQ(Reason(real), "REQUEST_NOT_IN_SCOPE");
  const absl::Status missing = Get(NorthSales(), kMissing, &out);
  EXPECT_EQ(missing.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(missing), "REQUEST_NOT_IN_SCOPE");
  const absl::Status hq_missing = Get(Hq(), kMissing, &out);
  EXPECT_EQ(hq_missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(hq_missing), "REQUEST_NOT_FOUND");

  EXPECT_EQ(Reason(Acknowledge(NorthSales(), created.name(), &out, "orgUnits/sub-north")),
            "REQUEST_NOT_IN_SCOPE");
  EXPECT_EQ(Reason(Advance(NorthSales(), created, v1::DESIGNING, &out)), "REQUEST_NOT_IN_SCOPE");
  EXPECT_EQ(Reason(Cancel(NorthSales(), created, "不要了", &out)), "REQUEST_NOT_IN_SCOPE");
  v1::TimelineEntry entry;
  EXPECT_EQ(Reason(Comment(NorthSales(), created.name(), "路过", &entry)), "REQUEST_NOT_IN_SCOPE");
  v1::ListCollaborationTimelineRequest timeline;
  timeline.set_parent(created.name());
  v1::ListCollaborationTimelineResponse entries;
  EXPECT_EQ(grpc::StatusCode::PERMISSION_DENIED,
            stub()
                .ListCollaborationTimeline(env_->As(NorthSales()).get(), timeline, &entries)
                .error_code());
  EXPECT_THAT(ListNames(NorthSales(), v1::ListCollaborationRequestsRequest()),
              Not(Contains(created.name())));
  EXPECT_EQ(Reread(created.name()).etag(), created.etag());
}

TEST_F(RequestsTest, TheCustomersOwnerSeesARequestItTakesNoPartIn) {
  // HQ raises a request on sub-north's customer for sub-east and sub-west.
  const std::string customer = env_->NewCustomer(NorthSales(), "北方客户集团有限公司");
  v1::CollaborationRequest values = Values(customer, "总部协调");
  values.set_requesting_org_unit("orgUnits/sub-east");
  const v1::CollaborationRequest created = MustCreate(Hq(), values);
  v1::CollaborationRequest out;
  EXPECT_TRUE(Get(NorthSales(), created.name(), &out).ok());
  EXPECT_THAT(ListNames(NorthSales(), v1::ListCollaborationRequestsRequest()),
              Contains(created.name()));
  // It may read and comment, not change it.
  v1::TimelineEntry entry;
  EXPECT_TRUE(Comment(NorthSales(), created.name(), "客户很着急", &entry).ok());
  const absl::Status advance = Advance(NorthSales(), created, v1::DESIGNING, &out);
  EXPECT_EQ(advance.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(advance), "NOT_REQUESTING_SIDE");
}

TEST_F(RequestsTest, ListsNewestFirstInPagesNarrowedByEachFilter) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海列表测试有限公司");
  const std::string other = env_->NewCustomer(EastSales(), "上海列表其他有限公司");
  const v1::CollaborationRequest a = MustCreate(EastSales(), Values(customer, "A", v1::GENERAL));
  env_->clock().Advance(absl::Seconds(1));
  const v1::CollaborationRequest b =
      MustCreate(EastSales(), Values(customer, "B", v1::CRITICAL, true));
  env_->clock().Advance(absl::Seconds(1));
  v1::CollaborationRequest c_values = Values(other, "C", v1::URGENT);
  c_values.set_step_owner("users/zhang.san");
  const v1::CollaborationRequest c = MustCreate(EastSales("zhou.east"), c_values);
  env_->clock().Advance(absl::Seconds(1));

  v1::ListCollaborationRequestsRequest by_customer;
  by_customer.set_customer(customer);
  by_customer.set_page_size(1);
  EXPECT_THAT(ListNames(EastSales(), by_customer), ElementsAre(b.name(), a.name()));

  v1::ListCollaborationRequestsRequest by_urgency;
  by_urgency.set_customer(customer);
  by_urgency.set_urgency(v1::CRITICAL);
  EXPECT_THAT(ListNames(EastSales(), by_urgency), ElementsAre(b.name()));

  v1::ListCollaborationRequestsRequest by_unit;
  by_unit.set_org_unit("orgUnits/sub-south");
  EXPECT_THAT(ListNames(Hq(), by_unit), Contains(b.name()));
  EXPECT_THAT(ListNames(Hq(), by_unit), Not(Contains(a.name())));

  v1::ListCollaborationRequestsRequest mine;
  mine.set_mine(true);
  const std::vector<std::string> zhang =
      ListNames(customer::testing::CustomerTestEnv::Sales("zhang.san", "sub-east"), mine);
  EXPECT_THAT(zhang, Contains(c.name()));
  EXPECT_THAT(zhang, Not(Contains(a.name())));
  EXPECT_THAT(ListNames(EastSales("zhou.east"), mine), Contains(c.name()));

  v1::CollaborationRequest moved;
  ASSERT_TRUE(Advance(EastSales(), a, v1::DESIGNING, &moved).ok());
  v1::ListCollaborationRequestsRequest by_step;
  by_step.set_customer(customer);
  by_step.set_step(v1::DESIGNING);
  EXPECT_THAT(ListNames(EastSales(), by_step), ElementsAre(a.name()));

  // A customer group's subtree: group 7001 holds `other` below 7000.
  env_->AddGroupNode(7000, 0, "");
  env_->AddGroupNode(7001, 7000, other);
  v1::ListCollaborationRequestsRequest by_group;
  by_group.set_customer_group("nodes/7000");
  EXPECT_THAT(ListNames(EastSales(), by_group), ElementsAre(c.name()));
  v1::ListCollaborationRequestsRequest unknown_group;
  unknown_group.set_customer_group("nodes/999999");
  v1::ListCollaborationRequestsResponse none;
  EXPECT_EQ(stub()
                .ListCollaborationRequests(env_->As(EastSales()).get(), unknown_group, &none)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A token is for the query it came from.
  v1::ListCollaborationRequestsResponse first;
  ASSERT_TRUE(
      stub().ListCollaborationRequests(env_->As(EastSales()).get(), by_customer, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListCollaborationRequestsRequest mixed = by_urgency;
  mixed.set_page_token(first.next_page_token());
  v1::ListCollaborationRequestsResponse refused;
  const grpc::Status mixed_status =
      stub().ListCollaborationRequests(env_->As(EastSales()).get(), mixed, &refused);
  EXPECT_EQ(mixed_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListCollaborationRequestsRequest bad;
  bad.set_customer("customers/x");
  bad.set_urgency(static_cast<v1::Urgency>(7));
  bad.set_page_size(-1);
  v1::ListCollaborationRequestsResponse bad_response;
  const absl::Status bad_status = status::FromGrpc(
      stub().ListCollaborationRequests(env_->As(EastSales()).get(), bad, &bad_response));
  EXPECT_THAT(Fields(bad_status), IsSupersetOf({"customer", "urgency", "page_size"}));

  // Each listed request is what Get shows.
  v1::ListCollaborationRequestsRequest all;
  all.set_customer(customer);
  v1::ListCollaborationRequestsResponse listed;
  ASSERT_TRUE(stub().ListCollaborationRequests(env_->As(EastSales()).get(), all, &listed).ok());
  for (const v1::CollaborationRequest& r : listed.collaboration_requests()) {
    EXPECT_EQ(r.SerializeAsString(), Reread(r.name()).SerializeAsString());
  }
}

TEST_F(RequestsTest, UpdatesNeedTheEtagAndTheRequestingSide) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海更新测试有限公司");
  const v1::CollaborationRequest created =
      MustCreate(EastSales(), Values(customer, "原标题", v1::URGENT, true));
  v1::CollaborationRequest out;
  ASSERT_TRUE(Acknowledge(WestSales(), created.name(), &out).ok());

  v1::UpdateCollaborationRequestRequest update;
  v1::CollaborationRequest& values = *update.mutable_collaboration_request();
  values.set_name(created.name());
  values.set_etag(out.etag());
  values.set_title("新标题");
  values.set_urgency(v1::CRITICAL);
  // sub-south leaves, sub-west stays (its acknowledgement kept), sub-north
  // joins.
  v1::Participant* west = values.add_participants();
  west->set_org_unit("orgUnits/sub-west");
  west->set_task("施工方案（修订）");
  v1::Participant* north = values.add_participants();
  north->set_org_unit("orgUnits/sub-north");
  north->set_task("物流");
  update.mutable_update_mask()->add_paths("title");
  update.mutable_update_mask()->add_paths("urgency");
  update.mutable_update_mask()->add_paths("participants");

  // The participant may not change it.
  v1::CollaborationRequest refused;
  const absl::Status by_west = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(WestSales()).get(), update, &refused));
  EXPECT_EQ(by_west.code(), absl::StatusCode::kPermissionDenied) << by_west;
  EXPECT_EQ(Reason(by_west), "NOT_REQUESTING_SIDE");

  v1::CollaborationRequest updated;
  const absl::Status ok = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), update, &updated));
  ASSERT_TRUE(ok.ok()) << ok;
  EXPECT_EQ(updated.title(), "新标题");
  EXPECT_EQ(updated.urgency(), v1::CRITICAL);
  EXPECT_EQ(updated.description(), created.description());  // not in the mask
  ASSERT_EQ(updated.participants_size(), 2);
  EXPECT_EQ(updated.participants(0).org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(updated.participants(0).task(), "施工方案（修订）");
  EXPECT_TRUE(updated.participants(0).has_acknowledge_time());
  EXPECT_EQ(updated.participants(0).owner(), "users/wang.wu");
  EXPECT_EQ(updated.participants(1).org_unit(), "orgUnits/sub-north");
  EXPECT_NE(updated.etag(), out.etag());
  // The new participant sees it now.
  EXPECT_TRUE(Get(NorthSales(), created.name(), &out).ok());

  // The etag read before is stale now.
  const absl::Status stale = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), update, &refused));
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted) << stale;
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");

  // The requesting unit cannot be a participant; unknown paths are named.
  v1::UpdateCollaborationRequestRequest bad = update;
  bad.mutable_collaboration_request()->set_etag(updated.etag());
  bad.mutable_collaboration_request()->mutable_participants(1)->set_org_unit("orgUnits/sub-east");
  bad.mutable_update_mask()->add_paths("customer");
  const absl::Status bad_status = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), bad, &refused));
  EXPECT_EQ(bad_status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad_status), Contains("update_mask"));

  v1::UpdateCollaborationRequestRequest own_unit = update;
  own_unit.mutable_collaboration_request()->set_etag(updated.etag());
  own_unit.mutable_collaboration_request()->mutable_participants(1)->set_org_unit(
      "orgUnits/sub-east");
  const absl::Status own_status = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), own_unit, &refused));
  EXPECT_THAT(Fields(own_status), Contains("collaboration_request.participants[1].org_unit"));

  v1::UpdateCollaborationRequestRequest no_etag = update;
  no_etag.mutable_collaboration_request()->clear_etag();
  const absl::Status no_etag_status = status::FromGrpc(
      stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), no_etag, &refused));
  EXPECT_THAT(Fields(no_etag_status), Contains("collaboration_request.etag"));

  EXPECT_THAT(EventTypes(created.name()),
              ElementsAre("REQUEST_CREATED", "REQUEST_ACKNOWLEDGED", "REQUEST_UPDATED"));
  EXPECT_EQ(Timeline(Hq(), created.name()).back().kind(), v1::TimelineEntry::UPDATED);
}

TEST_F(RequestsTest, ANewStepDueTimeIsWatchedAfresh) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海到期测试有限公司");
  const v1::CollaborationRequest created = MustCreate(EastSales(), Values(customer, "到期"));
  v1::CollaborationRequest current;
  ASSERT_TRUE(Acknowledge(WestSales(), created.name(), &current).ok());
  const auto set_due = [&](absl::Time due) {
    v1::UpdateCollaborationRequestRequest update;
    update.mutable_collaboration_request()->set_name(current.name());
    update.mutable_collaboration_request()->set_etag(current.etag());
    *update.mutable_collaboration_request()->mutable_step_due_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(due));
    update.mutable_update_mask()->add_paths("step_due_time");
    const absl::Status s = status::FromGrpc(
        stub().UpdateCollaborationRequest(env_->As(EastSales()).get(), update, &current));
    ASSERT_TRUE(s.ok()) << s;
  };
  set_due(env_->clock().Now() + absl::Hours(1));
  env_->clock().Advance(absl::Hours(2));
  ASSERT_TRUE(env_->RunJobs().ok());
  current = Reread(created.name());
  ASSERT_TRUE(current.has_step_breach_time());
  // A new due time clears the breach: the SLA job watches it from now on.
  set_due(env_->clock().Now() + absl::Hours(24));
  EXPECT_FALSE(current.has_step_breach_time());
  EXPECT_EQ(TimeOf(current.step_due_time()), env_->clock().Now() + absl::Hours(24));
}

TEST_F(RequestsTest, TheFirstAcknowledgementStopsTheResponseClock) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海确认测试有限公司");
  const v1::CollaborationRequest created =
      MustCreate(EastSales(), Values(customer, "确认", v1::CRITICAL, true));
  env_->clock().Advance(absl::Minutes(30));
  const absl::Time first_time = env_->clock().Now();
  v1::CollaborationRequest out;
  // sub-east cannot acknowledge for sub-west.
  const absl::Status for_other =
      Acknowledge(EastSales(), created.name(), &out, "orgUnits/sub-west");
  EXPECT_EQ(for_other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(for_other), "NOT_A_PARTICIPANT");
  // sub-east is no participant.
  const absl::Status own = Acknowledge(EastSales(), created.name(), &out);
  EXPECT_EQ(own.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(own), "NOT_A_PARTICIPANT");

  ASSERT_TRUE(Acknowledge(WestSales(), created.name(), &out).ok());
  EXPECT_EQ(TimeOf(out.acknowledge_time()), first_time);
  EXPECT_EQ(out.participants(0).acknowledged_by(), "users/wang.wu");
  EXPECT_EQ(out.participants(0).owner(), "users/wang.wu");
  EXPECT_FALSE(out.participants(1).has_acknowledge_time());

  const absl::Status twice = Acknowledge(WestSales(), created.name(), &out);
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(twice), "ALREADY_ACKNOWLEDGED");

  env_->clock().Advance(absl::Minutes(30));
  const auth::v1::Principal south =
      customer::testing::CustomerTestEnv::Sales("sun.materials", "sub-south");
  ASSERT_TRUE(Acknowledge(south, created.name(), &out).ok());
  // The request's acknowledgement is the first one.
  EXPECT_EQ(TimeOf(out.acknowledge_time()), first_time);
  EXPECT_TRUE(out.participants(1).has_acknowledge_time());
  EXPECT_THAT(EventTypes(created.name()),
              ElementsAre("REQUEST_CREATED", "REQUEST_ACKNOWLEDGED", "REQUEST_ACKNOWLEDGED"));
}

TEST_F(RequestsTest, StepsMoveOneAtATimeAndCloseAtDone) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海步骤测试有限公司");
  v1::CollaborationRequest r = MustCreate(EastSales(), Values(customer, "步骤"));
  v1::CollaborationRequest out;
  const absl::Status skip = Advance(EastSales(), r, v1::PENDING_APPROVAL, &out);
  EXPECT_EQ(skip.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(skip), "STEP_NOT_ALLOWED");
  const absl::Status by_participant = Advance(WestSales(), r, v1::DESIGNING, &out);
  EXPECT_EQ(Reason(by_participant), "NOT_REQUESTING_SIDE");

  env_->clock().Advance(absl::Hours(1));
  ASSERT_TRUE(Advance(EastSales(), r, v1::DESIGNING, &out, "调研完成").ok());
  EXPECT_EQ(out.step(), v1::DESIGNING);
  EXPECT_GT(TimeOf(out.step_due_time()), env_->clock().Now());
  // The stale etag is refused.
  const absl::Status stale = Advance(EastSales(), r, v1::DESIGNING, &out);
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  r = Reread(r.name());

  // The step's owner may move it on too.
  v1::AdvanceCollaborationRequestRequest handover;
  handover.set_name(r.name());
  handover.set_etag(r.etag());
  handover.set_step(v1::PENDING_APPROVAL);
  handover.set_step_owner("users/wang.wu");
  ASSERT_TRUE(stub().AdvanceCollaborationRequest(env_->As(EastSales()).get(), handover, &r).ok());
  EXPECT_EQ(r.step_owner(), "users/wang.wu");
  // Sent back to designing by the step's owner (of another subsidiary).
  ASSERT_TRUE(Advance(WestSales(), r, v1::DESIGNING, &r, "方案退回").ok());
  EXPECT_EQ(r.step(), v1::DESIGNING);
  ASSERT_TRUE(Advance(EastSales(), r, v1::PENDING_APPROVAL, &r).ok());
  ASSERT_TRUE(Advance(EastSales(), r, v1::EXECUTING, &r).ok());
  ASSERT_TRUE(Advance(EastSales(), r, v1::DONE, &r).ok());
  EXPECT_EQ(r.step(), v1::DONE);
  EXPECT_FALSE(r.has_step_due_time());

  const absl::Status closed = Advance(EastSales(), r, v1::EXECUTING, &out);
  EXPECT_EQ(Reason(closed), "REQUEST_CLOSED");
  const absl::Status cancel_done = Cancel(EastSales(), r, "晚了", &out);
  EXPECT_EQ(Reason(cancel_done), "REQUEST_CLOSED");

  std::vector<v1::CollaborationStep> steps;
  for (const v1::TimelineEntry& e : Timeline(EastSales(), r.name(), 2)) {
    if (e.kind() == v1::TimelineEntry::STEP_CHANGED) steps.push_back(e.step());
  }
  EXPECT_THAT(steps, ElementsAre(v1::DESIGNING, v1::PENDING_APPROVAL, v1::DESIGNING,
                                 v1::PENDING_APPROVAL, v1::EXECUTING, v1::DONE));
  EXPECT_EQ(EventTypes(r.name()).size(), 7u);
}

TEST_F(RequestsTest, OnlyTheRequestingSideCancelsWithAReason) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海取消测试有限公司");
  const v1::CollaborationRequest r = MustCreate(EastSales(), Values(customer, "取消"));
  v1::CollaborationRequest out;
  const absl::Status no_reason = Cancel(EastSales(), r, "", &out);
  EXPECT_THAT(Fields(no_reason), Contains("reason"));
  const absl::Status by_west = Cancel(WestSales(), r, "不做了", &out);
  EXPECT_EQ(Reason(by_west), "NOT_REQUESTING_SIDE");
  ASSERT_TRUE(Cancel(EastSales(), r, "客户取消项目", &out).ok());
  EXPECT_EQ(out.step(), v1::CANCELLED);
  EXPECT_EQ(out.cancel_reason(), "客户取消项目");
  const std::vector<v1::TimelineEntry> timeline = Timeline(WestSales(), r.name());
  EXPECT_EQ(timeline.back().kind(), v1::TimelineEntry::CANCELLED);
  EXPECT_EQ(timeline.back().comment(), "客户取消项目");
  EXPECT_THAT(EventTypes(r.name()), ElementsAre("REQUEST_CREATED", "REQUEST_CANCELLED"));
  // Comments still come.
  v1::TimelineEntry entry;
  EXPECT_TRUE(Comment(WestSales(), r.name(), "收到", &entry).ok());
  EXPECT_EQ(entry.kind(), v1::TimelineEntry::COMMENT);
  EXPECT_EQ(entry.actor(), "users/wang.wu");
  EXPECT_THAT(entry.name(), ::testing::StartsWith(r.name() + "/timeline/"));
}

TEST_F(RequestsTest, TheFeedCarriesEachChange) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海事件测试有限公司");
  const v1::CollaborationRequest r =
      MustCreate(EastSales(), Values(customer, "事件", v1::CRITICAL));
  CollaborationTestEnv::WaitForFeeds();
  v1::ListCollaborationEventsRequest request;
  request.set_page_size(1000);
  std::vector<v1::CollaborationEvent> mine;
  while (true) {
    v1::ListCollaborationEventsResponse response;
    const grpc::Status status =
        stub().ListCollaborationEvents(env_->As(Integration()).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::CollaborationEvent& e : response.events()) {
      if (e.resource() == r.name()) mine.push_back(e);
    }
    if (response.events().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].type(), v1::CollaborationEvent::REQUEST_CREATED);
  EXPECT_EQ(mine[0].customer(), customer);
  EXPECT_EQ(mine[0].version(), 1);
  EXPECT_EQ(mine[0].step(), v1::TO_SURVEY);
  EXPECT_EQ(mine[0].urgency(), v1::CRITICAL);
  // Sales users do not read the bulk feed.
  v1::ListCollaborationEventsResponse refused;
  EXPECT_EQ(stub()
                .ListCollaborationEvents(env_->As(EastSales()).get(),
                                         v1::ListCollaborationEventsRequest(), &refused)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RequestsTest, MergedCustomersTakeTheirRequestsAndAttributionsAlong) {
  const std::string survivor = env_->NewCustomer(Hq(), "上海协同合并存续有限公司");
  const std::string merged = env_->NewCustomer(Hq(), "上海协同合并并入有限公司");
  const v1::CollaborationRequest on_merged = MustCreate(Hq(), Values(merged, "并入方需求"));
  // An attribution of the merged customer's deal, as the deal followers
  // would have opened it.
  const std::string attribution = "0a1b2c3d-0000-4000-8000-0000000a0001";
  env_->QueryValue(crm::StrCat(
      "INSERT INTO collaboration.attributions (id, deal_key, contract_id, customer_id,"
      " currency_code, amount_minor, deal_date, deal_quarter, owner_org_unit,"
      " contributor_org_units, state, policy_version, create_time, update_time) VALUES ('",
      attribution,
      "', 'contracts/0a1b2c3d-0000-4000-8000-0000000c0001',"
      " '0a1b2c3d-0000-4000-8000-0000000c0001', '",
      IdOf(merged),
      "', 'CNY', 100, '2026-01-01', '2026Q1', 'orgUnits/sub-east', '{orgUnits/sub-east}', 1, 1,"
      " now(), now())"));
  ASSERT_TRUE(env_->SyncCustomers().ok());

  customer::v1::MergeCustomersRequest merge;
  merge.set_survivor(survivor);
  merge.add_merged(merged);
  customer::v1::MergeCustomersResponse merge_response;
  const grpc::Status merged_status =
      env_->customers().MergeCustomers(env_->As(Hq()).get(), merge, &merge_response);
  ASSERT_TRUE(merged_status.ok()) << merged_status.error_message();
  ASSERT_TRUE(env_->SyncCustomers().ok());

  const v1::CollaborationRequest moved = Reread(on_merged.name());
  EXPECT_EQ(moved.customer(), survivor);
  EXPECT_NE(moved.etag(), on_merged.etag());
  const std::string attribution_customer = crm::StrCat(
      "SELECT customer_id::text FROM collaboration.attributions WHERE id = '", attribution, "'");
  EXPECT_EQ(env_->QueryValue(attribution_customer), IdOf(survivor));
  EXPECT_THAT(EventTypes(on_merged.name()), ElementsAre("REQUEST_CREATED", "CUSTOMER_MOVED"));
  EXPECT_THAT(EventTypes(crm::StrCat("attributions/", attribution)), ElementsAre("CUSTOMER_MOVED"));

  // A new request on the merged customer is refused, naming the survivor.
  v1::CollaborationRequest refused;
  const absl::Status on_gone = Create(Hq(), Values(merged, "晚到的需求"), &refused);
  EXPECT_EQ(on_gone.code(), absl::StatusCode::kNotFound) << on_gone;
  EXPECT_EQ(Reason(on_gone), "CUSTOMER_MERGED");

  customer::v1::UnmergeCustomerRequest unmerge;
  unmerge.set_name(merged);
  customer::v1::UnmergeCustomerResponse unmerge_response;
  const grpc::Status unmerged_status =
      env_->customers().UnmergeCustomer(env_->As(Hq()).get(), unmerge, &unmerge_response);
  ASSERT_TRUE(unmerged_status.ok()) << unmerged_status.error_message();
  ASSERT_TRUE(env_->SyncCustomers().ok());
  EXPECT_EQ(Reread(on_merged.name()).customer(), merged);
  EXPECT_EQ(env_->QueryValue(attribution_customer), IdOf(merged));
  EXPECT_EQ(env_->module().customer_follower_health().last_error, "");
}

}  // namespace
}  // namespace crm::collaboration
