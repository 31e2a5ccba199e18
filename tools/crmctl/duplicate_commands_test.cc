// Runs `crmctl customer duplicates scan` and `crmctl customer branches place`
// against in-process fakes of the customer service, its operations and the
// hierarchy: what reaches them, what the person sees, the exit codes.

#include "tools/crmctl/duplicate_commands.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "google/protobuf/empty.pb.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/branch_placer.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/parse_for_test.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
namespace hierarchy_v1 = ::crm::hierarchy::v1;
using google::longrunning::Operation;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kRunningScan[] = "operations/customer/scan-1";
constexpr char kFinishedScan[] = "operations/customer/done-1";
constexpr char kFailedScan[] = "operations/customer/failed-1";
constexpr char kOtherOperation[] = "operations/customer/import-1";

v1::BranchPlacement Placement(const std::string& branch, const std::string& branch_name,
                              const std::string& head_office, const std::string& head_name,
                              double score) {
  v1::BranchPlacement placement;
  placement.set_branch("customers/" + branch);
  placement.set_branch_legal_name(branch_name);
  placement.set_head_office("customers/" + head_office);
  placement.set_head_office_legal_name(head_name);
  placement.set_score(score);
  return placement;
}

// One duplicate pair; three branches: one to place, one placed already, one
// whose head office is in no group.
v1::ScanDuplicatesResponse ScanResult() {
  v1::ScanDuplicatesResponse result;
  v1::DuplicateGroup* group = result.add_groups();
  group->add_customers("customers/c1");
  group->add_customers("customers/c2");
  group->set_score(0.95);
  group->add_reasons(v1::DuplicateMatch::SAME_NAME);
  result.set_total_groups(1);
  result.set_customers_in_groups(2);
  *result.add_branch_placements() =
      Placement("b-hz", "上海华信能源有限公司杭州分公司", "h1", "上海华信能源有限公司", 0.9);
  *result.add_branch_placements() =
      Placement("b-nj", "上海华信能源有限公司南京分公司", "h1", "上海华信能源有限公司", 0.9);
  *result.add_branch_placements() =
      Placement("b-cd", "柳太科技有限公司成都办事处", "h-alone", "柳太科技有限公司", 0.85);
  result.set_total_branch_placements(3);
  return result;
}

Operation ScanOperation(const std::string& name, int percent, bool done) {
  Operation operation;
  operation.set_name(name);
  v1::ScanDuplicatesMetadata metadata;
  metadata.set_progress_percent(percent);
  metadata.set_pairs_scored(percent * 100);
  metadata.set_pairs_matched(percent);
  operation.mutable_metadata()->PackFrom(metadata);
  operation.set_done(done);
  if (done) operation.mutable_response()->PackFrom(ScanResult());
  return operation;
}

class FakeScanService final : public v1::CustomerService::Service {
 public:
  grpc::Status ScanDuplicates(grpc::ServerContext*, const v1::ScanDuplicatesRequest* request,
                              Operation* response) override {
    scans_.Add(*request);
    *response = ScanOperation(kRunningScan, 0, false);
    return grpc::Status::OK;
  }

  std::vector<v1::ScanDuplicatesRequest> scans() const { return scans_.all(); }

 private:
  Recorder<v1::ScanDuplicatesRequest> scans_;
};

// The running scan is at 40% when first read and done from the second read
// on; the others are as their names say.
class FakeOperations final : public google::longrunning::Operations::Service {
 public:
  grpc::Status GetOperation(grpc::ServerContext*,
                            const google::longrunning::GetOperationRequest* request,
                            Operation* response) override {
    reads_.Add(request->name());
    if (request->name() == kRunningScan) {
      const bool done = ++running_reads_ > 1;
      *response = ScanOperation(kRunningScan, done ? 100 : 40, done);
    } else if (request->name() == kFinishedScan) {
      *response = ScanOperation(kFinishedScan, 100, true);
    } else if (request->name() == kFailedScan) {
      *response = ScanOperation(kFailedScan, 30, false);
      response->set_done(true);
      response->mutable_error()->set_code(static_cast<int>(grpc::StatusCode::ABORTED));
      response->mutable_error()->set_message("the scan was cancelled");
    } else if (request->name() == kOtherOperation) {
      response->set_name(kOtherOperation);
      response->set_done(true);
      response->mutable_response()->PackFrom(google::protobuf::Empty());
    } else {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such operation");
    }
    return grpc::Status::OK;
  }

  std::vector<std::string> reads() const { return reads_.all(); }

 private:
  std::atomic<int> running_reads_ = 0;
  Recorder<std::string> reads_;
};

// h1 heads a group at nodes/n-h1, b-nj is under it already; no one else is
// in a group. Attaching `refused_branch` fails as a deleted customer would.
class FakeHierarchy final : public hierarchy_v1::HierarchyService::Service {
 public:
  grpc::Status FindGroup(grpc::ServerContext*, const hierarchy_v1::FindGroupRequest* request,
                         hierarchy_v1::FindGroupResponse* response) override {
    finds_.Add(request->customer());
    if (request->customer() == "customers/h1") {
      response->mutable_node()->set_name("nodes/n-h1");
    } else if (request->customer() == "customers/b-nj") {
      response->mutable_node()->set_name("nodes/n-nj");
      response->mutable_node()->set_parent("nodes/n-h1");
    } else {
      return status::ToGrpc(status::Error(absl::StatusCode::kNotFound, "hierarchy.crm",
                                          "CUSTOMER_NOT_IN_GROUP", "in no customer group", {}));
    }
    return grpc::Status::OK;
  }

  grpc::Status AttachNode(grpc::ServerContext*, const hierarchy_v1::AttachNodeRequest* request,
                          hierarchy_v1::Node* response) override {
    attaches_.Add(*request);
    if (request->node().customer() == refused_branch) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "customers/b-hz is deleted; undelete it first");
    }
    response->set_name("nodes/n-new");
    response->set_parent(request->parent());
    return grpc::Status::OK;
  }

  std::vector<hierarchy_v1::AttachNodeRequest> attaches() const { return attaches_.all(); }

  std::string refused_branch;

 private:
  Recorder<std::string> finds_;
  Recorder<hierarchy_v1::AttachNodeRequest> attaches_;
};

class DuplicateCommandsTest : public CrmctlServerTest {
 protected:
  void RegisterServices(grpc::ServerBuilder& builder) override {
    builder.RegisterService(&customers_);
    builder.RegisterService(&operations_);
    builder.RegisterService(&hierarchy_);
  }

  FakeScanService customers_;
  FakeOperations operations_;
  FakeHierarchy hierarchy_;
};

// Counts the waits and never asks to stop.
class CountingWaiter final : public PollWaiter {
 public:
  bool StopRequested() override { return false; }
  void Wait(absl::Duration) override { ++waits; }
  int waits = 0;
};

TEST_F(DuplicateCommandsTest, TheScanIsFollowedUntilDoneThenShowsGroupsAndPlacements) {
  const Invocation invocation = Parse({"customer", "duplicates", "scan", "--min-score", "0.8",
                                       "--wait", "--request-id", "scan-2026-12-07"});
  std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(invocation.options, "token");
  auto channel = server_->InProcessChannel(grpc::ChannelArguments());
  auto customers = v1::CustomerService::NewStub(channel);
  auto operations = google::longrunning::Operations::NewStub(channel);
  CountingWaiter waiter;
  std::ostringstream out;
  ASSERT_TRUE(RunScanDuplicates(invocation, *customers, *operations, *contexts, out, waiter,
                                absl::Milliseconds(1))
                  .ok());
  ASSERT_EQ(customers_.scans().size(), 1u);
  EXPECT_DOUBLE_EQ(customers_.scans()[0].min_score(), 0.8);
  EXPECT_EQ(customers_.scans()[0].request_id(), "scan-2026-12-07");
  EXPECT_THAT(operations_.reads(), ElementsAre(kRunningScan, kRunningScan));
  EXPECT_EQ(waiter.waits, 2);
  const std::string printed = out.str();
  EXPECT_THAT(printed, HasSubstr("operations/customer/scan-1: running, 0% (0 pairs scored, "
                                 "0 matched)\n"
                                 "operations/customer/scan-1: running, 40% (4,000 pairs scored, "
                                 "40 matched)\n"
                                 "operations/customer/scan-1: done, 100% (10,000 pairs scored, "
                                 "100 matched)\n"
                                 "Duplicate groups (1, 2 customers), largest first:\n"
                                 "SCORE  CUSTOMERS  REASONS\n"
                                 "0.95   c1 c2      same name\n"));
  EXPECT_THAT(printed, HasSubstr("Branches beside their head office (3), not duplicates"));
  EXPECT_THAT(printed, HasSubstr("0.90   b-hz    上海华信能源有限公司杭州分公司  h1           "
                                 "上海华信能源有限公司\n"));
  EXPECT_THAT(printed, HasSubstr("0.85   b-cd    柳太科技有限公司成都办事处      h-alone      "
                                 "柳太科技有限公司\n"));
}

TEST_F(DuplicateCommandsTest, WithoutWaitTheScanSaysHowToFollowIt) {
  ASSERT_EQ(Run({"customer", "duplicates", "scan"}), kExitOk) << err_.str();
  ASSERT_EQ(customers_.scans().size(), 1u);
  EXPECT_EQ(customers_.scans()[0].min_score(), 0);
  EXPECT_THAT(operations_.reads(), IsEmpty());
  EXPECT_EQ(out_.str(),
            "operations/customer/scan-1: running, 0% (0 pairs scored, 0 matched)\n"
            "Follow it with \"crmctl customer duplicates scan operations/customer/scan-1 "
            "--wait\".\n");
}

TEST_F(DuplicateCommandsTest, AFinishedScanIsShownByItsNameOrId) {
  for (const std::string& given : {std::string(kFinishedScan), std::string("done-1")}) {
    ASSERT_EQ(Run({"customer", "duplicates", "scan", given}), kExitOk) << err_.str();
    EXPECT_THAT(out_.str(), HasSubstr("operations/customer/done-1: done, 100%"));
    EXPECT_THAT(out_.str(), HasSubstr("c1 c2"));
    EXPECT_THAT(out_.str(), HasSubstr("b-hz"));
  }
  EXPECT_THAT(customers_.scans(), IsEmpty());
  EXPECT_THAT(operations_.reads(), ElementsAre(kFinishedScan, kFinishedScan));
}

TEST_F(DuplicateCommandsTest, AFailedScanIsAnErrorWithItsOwnStatus) {
  EXPECT_EQ(Run({"customer", "duplicates", "scan", kFailedScan}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("the duplicate scan operations/customer/failed-1 failed: the "
                                    "scan was cancelled"));
}

TEST_F(DuplicateCommandsTest, ScanUsageErrorsCallNothing) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"customer", "duplicates", "scan", "--min-score", "0"},
           {"customer", "duplicates", "scan", kFinishedScan, "--min-score", "0.8"},
           {"customer", "duplicates", "scan", "customers/c1"},
           {"customer", "branches", "place"},
           {"customer", "branches", "place", "nodes/n1"}}) {
    EXPECT_EQ(Run(args), kExitUsage) << args.back();
  }
  EXPECT_THAT(customers_.scans(), IsEmpty());
  EXPECT_THAT(operations_.reads(), IsEmpty());
  EXPECT_THAT(hierarchy_.attaches(), IsEmpty());
}

TEST_F(DuplicateCommandsTest, PlacingAttachesTheBranchUnderItsHeadOfficeAndSaysWhyItSkips) {
  ASSERT_EQ(Run({"customer", "branches", "place", kFinishedScan}), kExitOk) << err_.str();
  ASSERT_EQ(hierarchy_.attaches().size(), 1u);
  const hierarchy_v1::AttachNodeRequest attach = hierarchy_.attaches()[0];
  EXPECT_EQ(attach.parent(), "nodes/n-h1");
  EXPECT_EQ(attach.node().kind(), hierarchy_v1::Node::CUSTOMER);
  EXPECT_EQ(attach.node().customer(), "customers/b-hz");
  EXPECT_EQ(attach.node().edge_type(), hierarchy_v1::BRANCH);
  EXPECT_EQ(attach.request_id(), PlacementRequestId(ScanResult().branch_placements(0)));
  const std::string printed = out_.str();
  EXPECT_THAT(printed, HasSubstr("placed   b-hz    上海华信能源有限公司杭州分公司  h1           "
                                 "n-new"));
  EXPECT_THAT(printed, HasSubstr("skipped  b-nj    上海华信能源有限公司南京分公司  h1           "
                                 "n-nj   already placed under the head office\n"));
  EXPECT_THAT(printed, HasSubstr("skipped  b-cd    柳太科技有限公司成都办事处      h-alone      "
                                 "       the head office is in no customer group\n"));
  EXPECT_THAT(printed, HasSubstr("placed 1, skipped 2 (of 3).\n"));
}

TEST_F(DuplicateCommandsTest, TheRequestIdIsThePairs) {
  const v1::ScanDuplicatesResponse result = ScanResult();
  const std::string first = PlacementRequestId(result.branch_placements(0));
  EXPECT_EQ(first, PlacementRequestId(result.branch_placements(0)));
  EXPECT_NE(first, PlacementRequestId(result.branch_placements(1)));
  EXPECT_THAT(first, ::testing::StartsWith("place-branch-"));
  EXPECT_LE(first.size(), 128u);
}

TEST_F(DuplicateCommandsTest, ADryRunAttachesNothing) {
  ASSERT_EQ(Run({"customer", "branches", "place", "done-1", "--dry-run"}), kExitOk) << err_.str();
  EXPECT_THAT(hierarchy_.attaches(), IsEmpty());
  EXPECT_THAT(out_.str(), HasSubstr("would place  b-hz"));
  EXPECT_THAT(out_.str(), HasSubstr("would place 1, skipped 2 (of 3).\n"));
}

TEST_F(DuplicateCommandsTest, ARefusedPlacementIsReportedAndTheRestGoOn) {
  hierarchy_.refused_branch = "customers/b-hz";
  EXPECT_EQ(Run({"customer", "branches", "place", kFinishedScan}), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("failed   b-hz"));
  EXPECT_THAT(out_.str(), HasSubstr("customers/b-hz is deleted; undelete it first"));
  EXPECT_THAT(out_.str(), HasSubstr("skipped  b-cd"));
  EXPECT_THAT(err_.str(), HasSubstr("1 of 3 branch placements failed"));
}

TEST_F(DuplicateCommandsTest, PlacingARunningOrForeignOperationRefuses) {
  EXPECT_EQ(Run({"customer", "branches", "place", kRunningScan}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("is still running, 40%"));
  EXPECT_EQ(Run({"customer", "branches", "place", kOtherOperation}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("is not a duplicate scan"));
  EXPECT_THAT(hierarchy_.attaches(), IsEmpty());
}

TEST_F(DuplicateCommandsTest, PlacementsAsJsonListEachOutcome) {
  ASSERT_EQ(Run({"customer", "branches", "place", kFinishedScan, "-o", "json"}), kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("\"outcome\": \"placed\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"why\": \"already placed under the head office\""));
  EXPECT_THAT(out_.str(), Not(HasSubstr("OUTCOME")));
}

}  // namespace
}  // namespace crm::crmctl
