// The facade: every RPC of crm.collaboration.v1.CollaborationService is
// served by its capability (none answers UNIMPLEMENTED), and an unsigned
// call is refused before any handler runs.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration {
namespace {

using ::crm::collaboration::testing::CollaborationTestEnv;
using ::crm::collaboration::testing::Hq;

class CollaborationServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_service");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static inline std::unique_ptr<CollaborationTestEnv> env_;
};

// Calls `method` of the stub with an empty request as HQ.
#define CALL(method, Request, Response)                                             \
  {                                                                                 \
#method, [](v1::CollaborationService::Stub& stub, grpc::ClientContext* context) { \
     Response response;                                                              \
     return stub.method(context, v1::Request(), &response);                          \
   } \
  }

TEST_F(CollaborationServiceTest, EveryRpcIsServed) {
  using Call = std::function<grpc::Status(v1::CollaborationService::Stub&, grpc::ClientContext*)>;
  const std::vector<std::pair<std::string, Call>> calls = {
      CALL(CreateCollaborationRequest, CreateCollaborationRequestRequest, v1::CollaborationRequest),
      CALL(GetCollaborationRequest, GetCollaborationRequestRequest, v1::CollaborationRequest),
      CALL(ListCollaborationRequests, ListCollaborationRequestsRequest,
           v1::ListCollaborationRequestsResponse),
      CALL(UpdateCollaborationRequest, UpdateCollaborationRequestRequest, v1::CollaborationRequest),
      CALL(AcknowledgeCollaborationRequest, AcknowledgeCollaborationRequestRequest,
           v1::CollaborationRequest),
      CALL(AdvanceCollaborationRequest, AdvanceCollaborationRequestRequest,
           v1::CollaborationRequest),
      CALL(CancelCollaborationRequest, CancelCollaborationRequestRequest, v1::CollaborationRequest),
      CALL(AddCollaborationComment, AddCollaborationCommentRequest, v1::TimelineEntry),
      CALL(ListCollaborationTimeline, ListCollaborationTimelineRequest,
           v1::ListCollaborationTimelineResponse),
      CALL(GetCollaborationBoard, GetCollaborationBoardRequest, v1::CollaborationBoard),
      CALL(GetSlaPolicy, GetSlaPolicyRequest, v1::SlaPolicy),
      CALL(UpdateSlaPolicy, UpdateSlaPolicyRequest, v1::SlaPolicy),
      CALL(GetAttribution, GetAttributionRequest, v1::Attribution),
      CALL(ListAttributions, ListAttributionsRequest, v1::ListAttributionsResponse),
      CALL(UpdateAttribution, UpdateAttributionRequest, v1::Attribution),
      CALL(SubmitAttribution, SubmitAttributionRequest, v1::Attribution),
      CALL(ApproveAttribution, ApproveAttributionRequest, v1::Attribution),
      CALL(RejectAttribution, RejectAttributionRequest, v1::Attribution),
      CALL(DisputeAttribution, DisputeAttributionRequest, v1::Attribution),
      CALL(AdjustAttribution, AdjustAttributionRequest, v1::Attribution),
      CALL(ListAttributionHistory, ListAttributionHistoryRequest,
           v1::ListAttributionHistoryResponse),
      CALL(GetAttributionPolicy, GetAttributionPolicyRequest, v1::AttributionPolicy),
      CALL(UpdateAttributionPolicy, UpdateAttributionPolicyRequest, v1::AttributionPolicy),
      CALL(GetCreditReport, GetCreditReportRequest, v1::CreditReport),
      CALL(ListCollaborationEvents, ListCollaborationEventsRequest,
           v1::ListCollaborationEventsResponse),
  };
  for (const auto& [method, call] : calls) {
    const grpc::Status served = call(env_->stub(), env_->As(Hq()).get());
    EXPECT_NE(served.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << method << ": " << served.error_message();
    EXPECT_NE(served.error_code(), grpc::StatusCode::INTERNAL)
        << method << ": " << served.error_message();
    // Without a signed principal nothing runs.
    grpc::ClientContext unsigned_context;
    const grpc::Status refused = call(env_->stub(), &unsigned_context);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
}

#undef CALL

}  // namespace
}  // namespace crm::collaboration
