// Runs whole `crmctl hierarchy ...` command lines against an in-process fake
// HierarchyService: what reaches the server and what the person sees.

#include <fstream>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

v1::Node MakeNode(const std::string& id, const std::string& parent, int depth,
                  const std::string& display_name, v1::EdgeType edge, const std::string& percent,
                  const std::string& owner) {
  v1::Node node;
  node.set_name("nodes/" + id);
  node.set_kind(v1::Node::CUSTOMER);
  node.set_display_name(display_name);
  if (!parent.empty()) node.set_parent("nodes/" + parent);
  node.set_edge_type(edge);
  node.set_ownership_percent(percent);
  node.set_root("nodes/g");
  node.set_depth(depth);
  node.set_owner_org_unit("orgUnits/" + owner);
  return node;
}

// The group of the brief: 浙江能源集团 with a subsidiary, its branch and a
// controlled port company.
std::map<std::string, v1::Node> Group() {
  std::map<std::string, v1::Node> nodes;
  for (v1::Node node :
       {MakeNode("g", "", 0, "浙江能源集团有限公司", v1::EDGE_TYPE_UNSPECIFIED, "", "sub-east"),
        MakeNode("s", "g", 1, "浙江能源销售有限公司", v1::WHOLLY_OWNED, "100", "sub-east"),
        MakeNode("p", "g", 1, "宁波港务有限公司", v1::CONTROLLED, "51.25", "sub-north"),
        MakeNode("h", "s", 2, "杭州分公司", v1::BRANCH, "", "sub-east")}) {
    nodes[node.name()] = node;
  }
  nodes["nodes/s"].add_ancestors("nodes/g");
  nodes["nodes/p"].add_ancestors("nodes/g");
  nodes["nodes/h"].add_ancestors("nodes/g");
  nodes["nodes/h"].add_ancestors("nodes/s");
  nodes["nodes/h"].set_customer("customers/c-hz");
  return nodes;
}

// Records every request; answers with canned replies.
class FakeHierarchyService final : public v1::HierarchyService::Service {
 public:
  grpc::Status FindGroup(grpc::ServerContext*, const v1::FindGroupRequest* request,
                         v1::FindGroupResponse* response) override {
    Record("FindGroup", *request);
    if (request->customer() != "customers/c-hz") {
      return status::ToGrpc(status::Error(absl::StatusCode::kNotFound, "hierarchy.crm",
                                          "NOT_IN_GROUP", "the customer is in no group", {}));
    }
    *response->mutable_node() = nodes_.at("nodes/h");
    *response->mutable_root() = nodes_.at("nodes/g");
    return grpc::Status::OK;
  }

  // Breadth-first in two pages: g, s, p; then h.
  grpc::Status ListSubtree(grpc::ServerContext*, const v1::ListSubtreeRequest* request,
                           v1::ListSubtreeResponse* response) override {
    Record("ListSubtree", *request);
    list_subtree_.Add(*request);
    if (request->name() == "nodes/s") {
      *response->add_nodes() = nodes_.at("nodes/s");
      *response->add_nodes() = nodes_.at("nodes/h");
      return grpc::Status::OK;
    }
    response->set_total_size(4);
    if (request->page_token().empty()) {
      for (const char* name : {"nodes/g", "nodes/s", "nodes/p"}) {
        *response->add_nodes() = nodes_.at(name);
      }
      response->set_next_page_token("page-2");
    } else {
      *response->add_nodes() = nodes_.at("nodes/h");
    }
    return grpc::Status::OK;
  }

  grpc::Status GetNode(grpc::ServerContext*, const v1::GetNodeRequest* request,
                       v1::Node* response) override {
    Record("GetNode", *request);
    auto it = nodes_.find(request->name());
    if (it == nodes_.end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such node");
    }
    *response = it->second;
    return grpc::Status::OK;
  }

  grpc::Status CreateGroup(grpc::ServerContext*, const v1::CreateGroupRequest* request,
                           v1::Node* response) override {
    Record("CreateGroup", *request);
    response->set_name("nodes/new");
    response->set_kind(v1::Node::CUSTOMER);
    response->set_customer(request->customer());
    response->set_root("nodes/new");
    return grpc::Status::OK;
  }

  grpc::Status AttachNode(grpc::ServerContext*, const v1::AttachNodeRequest* request,
                          v1::Node* response) override {
    Record("AttachNode", *request);
    *response = request->node();
    response->set_name("nodes/att");
    response->set_parent(request->parent());
    response->set_etag("e1");
    return grpc::Status::OK;
  }

  grpc::Status MoveNode(grpc::ServerContext*, const v1::MoveNodeRequest* request,
                        v1::Node* response) override {
    Record("MoveNode", *request);
    if (request->etag() == "stale") {
      return grpc::Status(grpc::StatusCode::ABORTED, "the node changed since it was read");
    }
    *response = nodes_.at(request->name());
    response->set_parent(request->new_parent());
    response->set_edge_type(request->edge_type());
    response->set_ownership_percent(request->ownership_percent());
    return grpc::Status::OK;
  }

  grpc::Status DetachNode(grpc::ServerContext*, const v1::DetachNodeRequest* request,
                          v1::Node* response) override {
    Record("DetachNode", *request);
    *response = nodes_.at(request->name());
    response->clear_parent();
    response->clear_edge_type();
    response->set_root(request->name());
    return grpc::Status::OK;
  }

  grpc::Status GetRollup(grpc::ServerContext*, const v1::GetRollupRequest* request,
                         v1::Rollup* response) override {
    Record("GetRollup", *request);
    response->set_name(request->name());
    response->set_total(1234);
    response->set_depth(3);
    auto add = [](auto* counts, const std::string& key, int64_t count) {
      v1::RollupCount* entry = counts->Add();
      entry->set_key(key);
      entry->set_count(count);
    };
    add(response->mutable_by_kind(), "CUSTOMER", 1200);
    add(response->mutable_by_kind(), "BUSINESS_LINE", 34);
    add(response->mutable_by_region(), "330100", 800);
    add(response->mutable_by_owner_org_unit(), "orgUnits/sub-east", 1000);
    add(response->mutable_by_owner_org_unit(), "orgUnits/华北", 234);
    return grpc::Status::OK;
  }

  // A parent "unknown:1" is a problem; anything else imports.
  grpc::Status ImportStructure(grpc::ServerContext*, const v1::ImportStructureRequest* request,
                               v1::ImportStructureResponse* response) override {
    Record("ImportStructure", *request);
    import_.Add(*request);
    for (const v1::ImportRow& row : request->rows()) {
      if (row.parent() == "unknown:1") {
        v1::ImportProblem* problem = response->add_problems();
        problem->set_line(row.line());
        problem->set_field("parent");
        problem->set_reason("no customer has this external reference");
      }
    }
    if (response->problems().empty() && !request->validate_only()) {
      response->set_imported(request->rows_size());
      response->set_groups_created(1);
    }
    return grpc::Status::OK;
  }

  // The method name of every call, in order.
  std::vector<std::string> calls() const {
    std::vector<std::string> methods;
    for (const Call& call : calls_.all()) methods.push_back(call.method);
    return methods;
  }
  // The latest request of this type; a test failure when none came.
  template <typename Request>
  Request last() const {
    const std::vector<Call> calls = calls_.all();
    for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
      if (const auto* request = std::get_if<Request>(&it->request)) {
        return *request;
      }
    }
    ADD_FAILURE() << "no " << Request::descriptor()->full_name() << " came";
    return Request();
  }
  std::vector<v1::ListSubtreeRequest> list_subtree() const { return list_subtree_.all(); }
  v1::ImportStructureRequest import() const { return import_.last(); }

 private:
  struct Call {
    std::string method;
    std::variant<v1::FindGroupRequest, v1::ListSubtreeRequest, v1::GetNodeRequest,
                 v1::CreateGroupRequest, v1::AttachNodeRequest, v1::MoveNodeRequest,
                 v1::DetachNodeRequest, v1::GetRollupRequest, v1::ImportStructureRequest>
        request;
  };

  template <typename Request>
  void Record(const std::string& method, const Request& request) {
    calls_.Add({method, request});
  }

  const std::map<std::string, v1::Node> nodes_ = Group();
  Recorder<Call> calls_;
  Recorder<v1::ListSubtreeRequest> list_subtree_;
  Recorder<v1::ImportStructureRequest> import_;
};

class HierarchyCommandsTest : public CrmctlCommandTest<FakeHierarchyService> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CrmctlCommandTest::SetUp());
    UseTemporaryHome();
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = home_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

TEST_F(HierarchyCommandsTest, TreeOfACustomerDrawsItsWholeGroup) {
  ASSERT_EQ(Run({"hierarchy", "tree", "customers/c-hz"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "浙江能源集团有限公司  [customer]  owner orgUnits/sub-east\n"
            "├── 浙江能源销售有限公司  wholly owned 100%  owner orgUnits/sub-east\n"
            "│   └── 杭州分公司  branch  owner orgUnits/sub-east  ◀\n"
            "└── 宁波港务有限公司  controlled 51.25%  owner orgUnits/sub-north\n");
  EXPECT_EQ(err_.str(), "");
  EXPECT_THAT(service_.calls(), ElementsAre("FindGroup", "ListSubtree", "ListSubtree"));
  const std::vector<v1::ListSubtreeRequest> pages = service_.list_subtree();
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].name(), "nodes/g");
  EXPECT_EQ(pages[0].page_token(), "");
  EXPECT_EQ(pages[1].name(), "nodes/g");
  EXPECT_EQ(pages[1].page_token(), "page-2");
}

TEST_F(HierarchyCommandsTest, TreeOfANodeDrawsItsSubtreeToTheDepthGiven) {
  ASSERT_EQ(Run({"hierarchy", "tree", "nodes/s", "--depth", "1"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "浙江能源销售有限公司  wholly owned 100%  owner orgUnits/sub-east\n"
            "└── 杭州分公司  branch  owner orgUnits/sub-east\n");
  EXPECT_THAT(service_.calls(), ElementsAre("ListSubtree"));
  EXPECT_EQ(service_.list_subtree().at(0).max_depth(), 1);
}

TEST_F(HierarchyCommandsTest, TreePrintsJsonWithProtoFieldNames) {
  ASSERT_EQ(Run({"hierarchy", "tree", "customers/c-hz", "-o", "json"}), kExitOk) << err_.str();
  v1::ListSubtreeResponse printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok()) << out_.str();
  ASSERT_EQ(printed.nodes_size(), 4);
  EXPECT_EQ(printed.nodes(3).name(), "nodes/h");
  EXPECT_EQ(printed.next_page_token(), "");
  EXPECT_THAT(out_.str(), HasSubstr("\"owner_org_unit\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"ownership_percent\""));
}

TEST_F(HierarchyCommandsTest, TreeOfACustomerInNoGroupSaysSo) {
  ASSERT_EQ(Run({"hierarchy", "tree", "customers/alone"}), kExitFailed);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(),
            "error: NOT_FOUND: the customer is in no group\n"
            "  reason: NOT_IN_GROUP (hierarchy.crm)\n");
  EXPECT_THAT(service_.calls(), ElementsAre("FindGroup"));
}

TEST_F(HierarchyCommandsTest, AnAmbiguousIdIsAUsageErrorThatCallsNothing) {
  ASSERT_EQ(Run({"hierarchy", "tree", "c-hz"}), kExitUsage);
  EXPECT_EQ(err_.str(),
            "error: \"c-hz\" is not customers/{customer} or nodes/{node}\n"
            "usage: crmctl hierarchy tree CUSTOMER_OR_NODE [flags]\n"
            "Run \"crmctl hierarchy tree --help\" for its flags.\n");
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(HierarchyCommandsTest, PathGoesFromTheRootDownToTheNode) {
  ASSERT_EQ(Run({"hierarchy", "path", "nodes/h"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "浙江能源集团有限公司 › 浙江能源销售有限公司 › 杭州分公司\n"
            "\n"
            "DEPTH  NODE  DISPLAY_NAME          EDGE          OWNERSHIP  "
            "OWNER_ORG_UNIT\n"
            "0      g     浙江能源集团有限公司  [customer]               "
            "sub-east\n"
            "1      s     浙江能源销售有限公司  wholly owned  100%       "
            "sub-east\n"
            "2      h     杭州分公司            branch                   "
            "sub-east\n");
  EXPECT_THAT(service_.calls(), ElementsAre("GetNode", "GetNode", "GetNode"));

  // From a customer, FindGroup brings the node and the root.
  ASSERT_EQ(Run({"hierarchy", "path", "customers/c-hz", "-o", "json"}), kExitOk) << err_.str();
  v1::ListSubtreeResponse printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &printed).ok());
  ASSERT_EQ(printed.nodes_size(), 3);
  EXPECT_EQ(printed.nodes(0).name(), "nodes/g");
  EXPECT_EQ(printed.nodes(1).name(), "nodes/s");
  EXPECT_EQ(printed.nodes(2).name(), "nodes/h");
  EXPECT_THAT(service_.calls(),
              ElementsAre("GetNode", "GetNode", "GetNode", "FindGroup", "GetNode"));
}

TEST_F(HierarchyCommandsTest, AttachSendsTheNodeAndPrintsIt) {
  ASSERT_EQ(Run({"--request-id", "r-3", "hierarchy", "attach", "g", "--customer", "c-nb", "--edge",
                 "controlled", "--ownership", "51.25", "--effective-from", "2024-07-01"}),
            kExitOk)
      << err_.str();
  const auto request = service_.last<v1::AttachNodeRequest>();
  EXPECT_EQ(request.parent(), "nodes/g");
  EXPECT_EQ(request.node().customer(), "customers/c-nb");
  EXPECT_EQ(request.node().edge_type(), v1::CONTROLLED);
  EXPECT_EQ(request.node().ownership_percent(), "51.25");
  EXPECT_EQ(request.request_id(), "r-3");
  EXPECT_THAT(out_.str(), StartsWith("name:              nodes/att\n"));
  EXPECT_THAT(out_.str(), HasSubstr("edge_type:         controlled\n"));
  EXPECT_THAT(out_.str(), HasSubstr("ownership_percent: 51.25%\n"));

  ASSERT_EQ(Run({"hierarchy", "attach", "g", "--customer", "c-nb", "--edge", "controlled",
                 "--ownership", "51.255"}),
            kExitUsage);
  EXPECT_THAT(err_.str(), StartsWith("error: --ownership: \"51.255\" has more than two "
                                     "decimals\n"));
  EXPECT_THAT(service_.calls(), ElementsAre("AttachNode"));
}

TEST_F(HierarchyCommandsTest, CreateGroupMoveAndDetach) {
  ASSERT_EQ(Run({"hierarchy", "create-group", "c-new"}), kExitOk) << err_.str();
  EXPECT_EQ(service_.last<v1::CreateGroupRequest>().customer(), "customers/c-new");
  EXPECT_THAT(out_.str(), HasSubstr("customer:          customers/c-new\n"));

  ASSERT_EQ(Run({"hierarchy", "move", "nodes/h", "--to", "p", "--edge", "branch", "--etag", "e7"}),
            kExitOk)
      << err_.str();
  const auto move = service_.last<v1::MoveNodeRequest>();
  EXPECT_EQ(move.name(), "nodes/h");
  EXPECT_EQ(move.new_parent(), "nodes/p");
  EXPECT_EQ(move.edge_type(), v1::BRANCH);
  EXPECT_EQ(move.etag(), "e7");
  EXPECT_THAT(out_.str(), HasSubstr("parent:            nodes/p\n"));

  ASSERT_EQ(Run({"hierarchy", "move", "h", "--to", "p", "--edge", "branch", "--etag", "stale"}),
            kExitFailed);
  EXPECT_EQ(err_.str(), "error: ABORTED: the node changed since it was read\n");

  ASSERT_EQ(Run({"hierarchy", "detach", "p", "-o", "json"}), kExitOk) << err_.str();
  EXPECT_EQ(service_.last<v1::DetachNodeRequest>().name(), "nodes/p");
  EXPECT_THAT(out_.str(), HasSubstr("\"root\": \"nodes/p\""));
}

TEST_F(HierarchyCommandsTest, RollupPrintsSmallTables) {
  ASSERT_EQ(Run({"hierarchy", "rollup", "g"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "name:  nodes/g\n"
            "total: 1,234\n"
            "depth: 3\n"
            "\n"
            "KIND           COUNT\n"
            "customer       1,200\n"
            "business-line  34\n"
            "\n"
            "REGION  COUNT\n"
            "330100  800\n"
            "\n"
            "OWNER_ORG_UNIT  COUNT\n"
            "sub-east        1,000\n"
            "华北            234\n");
}

TEST_F(HierarchyCommandsTest, ImportSendsEveryRowInOneRequest) {
  const std::string path = WriteFile("group.csv",
                                     "\xEF\xBB\xBFparent,child,edge_type,ownership_percent\r\n"
                                     "91330000MA27U0XX1Q,erp-sap:C-1,wholly_owned,100\r\n"
                                     "\r\n"
                                     "erp-sap:C-1,\"oa:7,8\",controlled,51.25\r\n");
  ASSERT_EQ(Run({"hierarchy", "import", path, "--request-id", "imp-1"}), kExitOk) << err_.str();
  const v1::ImportStructureRequest request = service_.import();
  ASSERT_EQ(request.rows_size(), 2);
  EXPECT_EQ(request.rows(0).line(), 2);
  EXPECT_EQ(request.rows(0).edge_type(), v1::WHOLLY_OWNED);
  EXPECT_EQ(request.rows(1).line(), 4);
  EXPECT_EQ(request.rows(1).child(), "oa:7,8");
  EXPECT_EQ(request.rows(1).ownership_percent(), "51.25");
  EXPECT_FALSE(request.validate_only());
  EXPECT_EQ(request.request_id(), "imp-1");
  EXPECT_EQ(out_.str(), "imported 2 of 2 rows; 1 groups created\n");
  EXPECT_EQ(err_.str(), "");  // no progress when stderr is not a terminal

  ASSERT_EQ(Run({"hierarchy", "import", path, "--validate-only"}), kExitOk) << err_.str();
  EXPECT_TRUE(service_.import().validate_only());
  EXPECT_EQ(out_.str(),
            "checked 2 rows: no problems; nothing was written "
            "(--validate-only)\n");
}

TEST_F(HierarchyCommandsTest, ImportListsTheServersProblemsAndFails) {
  const std::string path = WriteFile("bad.csv",
                                     "parent,child,edge_type,ownership_percent\n"
                                     "unknown:1,erp-sap:C-1,branch,\n"
                                     "erp-sap:C-1,erp-sap:C-2,affiliate,20\n"
                                     "unknown:1,erp-sap:C-3,branch,\n");
  ASSERT_EQ(Run({"hierarchy", "import", path}), kExitFailed);
  EXPECT_EQ(out_.str(),
            "line 2: parent: no customer has this external reference\n"
            "line 4: parent: no customer has this external reference\n");
  EXPECT_EQ(err_.str(),
            "error: INVALID_ARGUMENT: " + path + " has 2 problems; nothing was imported\n");
}

TEST_F(HierarchyCommandsTest, ImportSendsNothingWhenTheFileIsWrong) {
  const std::string path = WriteFile("wrong.csv",
                                     "parent,child,edge_type,ownership_percent\n"
                                     "a:1,b:2,subsidiary,\n"
                                     "a:1,b:3,controlled,150\n");
  ASSERT_EQ(Run({"hierarchy", "import", path}), kExitFailed);
  EXPECT_EQ(out_.str(),
            "line 2: edge_type: unknown value \"subsidiary\"; use one of "
            "wholly_owned, controlled, affiliate, branch\n"
            "line 3: ownership_percent: \"150\" is more than 100\n");
  EXPECT_THAT(err_.str(), HasSubstr("has 2 problems; nothing was sent\n"));
  EXPECT_THAT(service_.calls(), IsEmpty());

  ASSERT_EQ(Run({"hierarchy", "import", home_ + "/missing.csv"}), kExitFailed);
  EXPECT_THAT(err_.str(), StartsWith("error: NOT_FOUND: cannot read "));
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(HierarchyCommandsTest, ImportShowsProgressOnATerminal) {
  std::string text = "parent,child,edge_type\n";
  for (int i = 0; i < 20'500; ++i) {
    text += "p:" + std::to_string(i) + ",c:" + std::to_string(i) + ",branch\n";
  }
  const std::string path = WriteFile("big.csv", text);
  defaults_.stderr_is_terminal = true;
  ASSERT_EQ(Run({"hierarchy", "import", path}), kExitOk) << err_.str();
  EXPECT_EQ(err_.str(),
            "\rread 10,000 rows…\rread 20,000 rows…\rread 20,500 rows\n"
            "importing 20,500 rows…\n");
  EXPECT_EQ(out_.str(), "imported 20,500 of 20,500 rows; 1 groups created\n");
  EXPECT_EQ(service_.import().rows_size(), 20'500);
}

TEST_F(HierarchyCommandsTest, HelpListsTheHierarchyCommands) {
  ASSERT_EQ(Run({"help"}), kExitOk);
  for (const char* command :
       {"hierarchy tree CUSTOMER_OR_NODE", "hierarchy path NODE_OR_CUSTOMER",
        "hierarchy attach PARENT_NODE", "hierarchy create-group CUSTOMER", "hierarchy move NODE",
        "hierarchy detach NODE", "hierarchy rollup NODE", "hierarchy import FILE.csv"}) {
    EXPECT_THAT(out_.str(), HasSubstr(command));
  }
  ASSERT_EQ(Run({"hierarchy", "attach", "--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("--business-line NAME"));
  EXPECT_THAT(out_.str(), HasSubstr("--effective-from YYYY-MM-DD"));
  ASSERT_EQ(Run({"help", "hierarchy"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("hierarchy rollup NODE"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("customer create")));
  EXPECT_THAT(service_.calls(), IsEmpty());
}

}  // namespace
}  // namespace crm::crmctl
