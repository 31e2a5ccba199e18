#include "tests/e2e/probe_world.h"

#include <cctype>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/clock/quarter.h"
#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::e2e {
namespace {

namespace cv1 = ::crm::customer::v1;
namespace gv1 = ::crm::gateway::v1;
namespace hv1 = ::crm::hierarchy::v1;
namespace ov1 = ::crm::opportunity::v1;
namespace kv1 = ::crm::contract::v1;
namespace lv1 = ::crm::collaboration::v1;
namespace sv1 = ::crm::scoring::v1;
using gateway::testing::TokenFor;
using gateway::testing::With;

constexpr size_t kMaxErrorText = 1024;

// The user of each role (see ProbeWorld::TokenAs).
const std::map<std::string, std::string, std::less<>>& RoleUsers() {
  static const auto* users = new std::map<std::string, std::string, std::less<>>{
      {"hq_admin", "p.hq"},
      {"org_admin", "p.orgadmin"},
      {"sales", "p.sales"},
      {"service", "p.service"},
      {"viewer", "p.viewer"},
      {"integration", "p.erp"},
      {"legal", "p.legal"},
      {"finance", "p.finance"},
      {"strategy", "p.strategy"},
      {"other_sales", "w.sales"},
      {"other_org_admin", "w.orgadmin"},
      {"other_legal", "w.legal"},
  };
  return *users;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos).has_value()) return false;
  }
  return true;
}

// Text that only a database driver or SQL would put in a message.
std::optional<std::string_view> SqlText(std::string_view text) {
  static constexpr std::string_view kSigns[] = {"syntax error at",
                                                "relation \"",
                                                "pqxx",
                                                "SQLSTATE",
                                                "violates unique",
                                                "violates foreign",
                                                "violates check",
                                                "violates not-null",
                                                "duplicate key value",
                                                "ERROR:  ",
                                                "libpq",
                                                "invalid input syntax",
                                                "current transaction is aborted"};
  for (std::string_view sign : kSigns) {
    if (text.find(sign) != std::string_view::npos) return sign;
  }
  return std::nullopt;
}

void CheckText(std::string_view what, std::string_view text, std::vector<std::string>& problems) {
  if (!IsValidUtf8(text)) problems.push_back(crm::StrCat(what, " is not valid UTF-8"));
  if (text.size() > kMaxErrorText) {
    problems.push_back(
        crm::StrCat(what, " has ", text.size(), " bytes (at most ", kMaxErrorText, ")"));
  }
  if (std::optional<std::string_view> sql = SqlText(text)) {
    problems.push_back(crm::StrCat(what, " shows SQL text '", *sql, "'"));
  }
}

std::string MustCreateCustomer(gateway::testing::SuiteServers& servers, const std::string& token,
                               const std::string& legal_name, const std::string& uscc,
                               const std::string& region) {
  cv1::CreateCustomerRequest request;
  request.mutable_customer()->set_legal_name(legal_name);
  request.mutable_customer()->set_uscc(uscc);
  request.mutable_customer()->set_industry("C");
  request.mutable_customer()->set_region(region);
  cv1::Customer created;
  const grpc::Status status =
      servers.gateway.customers->CreateCustomer(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
  return created.name();
}

std::string MustCreateContact(gateway::testing::SuiteServers& servers, const std::string& token,
                              const std::string& customer, const std::string& phone) {
  cv1::CreateContactRequest request;
  request.set_parent(customer);
  request.mutable_contact()->set_display_name("王经理");
  request.mutable_contact()->set_title("采购总监");
  request.mutable_contact()->set_decision_role(cv1::DECISION_MAKER);
  request.mutable_contact()->set_phone(phone);
  request.mutable_contact()->set_email("wang.jingli@example.com");
  cv1::Contact created;
  const grpc::Status status =
      servers.gateway.customers->CreateContact(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  return created.name();
}

// The group root of `customer` and a department under it.
std::pair<std::string, std::string> MustCreateGroup(gateway::testing::SuiteServers& servers,
                                                    const std::string& token,
                                                    const std::string& customer) {
  hv1::CreateGroupRequest group;
  group.set_customer(customer);
  hv1::Node root;
  grpc::Status status = servers.hierarchy_stub->CreateGroup(With(token).get(), group, &root);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  hv1::AttachNodeRequest attach;
  attach.set_parent(root.name());
  attach.mutable_node()->set_kind(hv1::Node::DEPARTMENT);
  attach.mutable_node()->set_display_name("采购部");
  attach.mutable_node()->set_edge_type(hv1::DEPARTMENT);
  hv1::Node department;
  status = servers.hierarchy_stub->AttachNode(With(token).get(), attach, &department);
  EXPECT_TRUE(status.ok()) << root.name() << ": " << status.error_message();
  return {root.name(), department.name()};
}

// An open opportunity of `customer` whose next follow-up date is long past,
// so it is on its owner's stale list from the start.
ov1::Opportunity MustCreateOpportunity(gateway::testing::SuiteServers& servers,
                                       const std::string& token, const std::string& customer,
                                       const std::string& title) {
  ov1::CreateOpportunityRequest request;
  ov1::Opportunity& o = *request.mutable_opportunity();
  o.set_customer(customer);
  o.set_title(title);
  o.mutable_amount()->set_currency_code("CNY");
  o.mutable_amount()->set_minor_units(50'000'000);  // 500,000.00 CNY
  o.mutable_expected_close_date()->set_year(2027);
  o.mutable_expected_close_date()->set_month(6);
  o.mutable_expected_close_date()->set_day(30);
  o.mutable_next_follow_up_date()->set_year(2024);
  o.mutable_next_follow_up_date()->set_month(1);
  o.mutable_next_follow_up_date()->set_day(15);
  o.set_lead_source("展会");
  ov1::Opportunity created;
  // The opportunity service fetches a customer it has not followed yet from
  // the customer service, so this works right after CreateCustomer.
  const grpc::Status status =
      servers.opportunity_stub->CreateOpportunity(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  return created;
}

std::string MustCreateActivity(gateway::testing::SuiteServers& servers, const std::string& token,
                               const std::string& customer, const std::string& opportunity) {
  ov1::CreateActivityRequest request;
  ov1::Activity& a = *request.mutable_activity();
  a.set_customer(customer);
  a.set_opportunity(opportunity);
  a.set_type(ov1::Activity::VISIT);
  a.mutable_occur_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(2)));
  a.set_summary("上门拜访，了解采购计划");
  ov1::Activity created;
  const grpc::Status status =
      servers.opportunity_stub->CreateActivity(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  return created.name();
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// A draft standalone contract of `customer` for 500,000.00 CNY (legal's
// approval alone), in force from half a year ago until 300 days from now
// (outside the 60-day expiry reminder), paid in two
// milestones: 200,000.00 CNY a month ago (so it is overdue once signed) and
// 300,000.00 CNY in half a year.
kv1::Contract MustCreateContract(gateway::testing::SuiteServers& servers, const std::string& token,
                                 const std::string& customer, const std::string& title) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  kv1::CreateContractRequest request;
  kv1::Contract& c = *request.mutable_contract();
  c.set_kind(kv1::STANDALONE);
  c.set_title(title);
  c.set_customer(customer);
  *c.mutable_amount() = Cny(50'000'000);
  *c.mutable_start_date() = DateOf(today - 180);
  *c.mutable_end_date() = DateOf(today + 300);
  c.set_payment_terms("40% 预付，60% 验收后");
  kv1::PaymentMilestone* first = c.add_payment_milestones();
  *first->mutable_due_date() = DateOf(today - 30);
  *first->mutable_amount() = Cny(20'000'000);
  first->set_description("预付款");
  kv1::PaymentMilestone* second = c.add_payment_milestones();
  *second->mutable_due_date() = DateOf(today + 180);
  *second->mutable_amount() = Cny(30'000'000);
  second->set_description("验收款");
  kv1::Contract created;
  const grpc::Status status =
      servers.contract_stub->CreateContract(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  return created;
}

// `contract` submitted by `seller`; with `approver` also approved (its one
// legal step), and then signed by `seller`.
kv1::Contract MustSubmit(gateway::testing::SuiteServers& servers, const std::string& seller,
                         const kv1::Contract& contract) {
  kv1::SubmitContractRequest request;
  request.set_name(contract.name());
  request.set_etag(contract.etag());
  request.set_comment("请审批");
  kv1::Contract submitted;
  const grpc::Status status =
      servers.contract_stub->SubmitContract(With(seller).get(), request, &submitted);
  EXPECT_TRUE(status.ok()) << contract.name() << ": " << status.error_message();
  return submitted;
}

kv1::Contract MustApproveAndSign(gateway::testing::SuiteServers& servers, const std::string& seller,
                                 const std::string& approver, const kv1::Contract& pending) {
  kv1::ApproveContractRequest approve;
  approve.set_name(pending.name());
  approve.set_etag(pending.etag());
  approve.set_comment("法务审核通过");
  kv1::Contract approved;
  grpc::Status status =
      servers.contract_stub->ApproveContract(With(approver).get(), approve, &approved);
  EXPECT_TRUE(status.ok()) << pending.name() << ": " << status.error_message();
  EXPECT_EQ(approved.state(), kv1::APPROVED) << approved.ShortDebugString();
  kv1::SignContractRequest sign;
  sign.set_name(pending.name());
  sign.set_etag(approved.etag());
  kv1::Contract signed_contract;
  status = servers.contract_stub->SignContract(With(seller).get(), sign, &signed_contract);
  EXPECT_TRUE(status.ok()) << pending.name() << ": " << status.error_message();
  return signed_contract;
}

// A request of `requesting` (the caller's org unit) on `customer` asking
// `participants` (org unit names) for help.
lv1::CollaborationRequest MustRaise(gateway::testing::SuiteServers& servers,
                                    const std::string& token, const std::string& customer,
                                    const std::string& title,
                                    const std::vector<std::string>& participants) {
  lv1::CreateCollaborationRequestRequest request;
  lv1::CollaborationRequest& r = *request.mutable_collaboration_request();
  r.set_customer(customer);
  r.set_title(title);
  r.set_urgency(lv1::URGENT);
  for (const std::string& unit : participants) {
    lv1::Participant* p = r.add_participants();
    p->set_org_unit(unit);
    p->set_task("方案协同");
  }
  lv1::CollaborationRequest created;
  const grpc::Status status =
      servers.collaboration_stub->CreateCollaborationRequest(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << title << ": " << status.error_message();
  return created;
}

// An activity of `type` on `customer` (no opportunity) `days_ago` days ago.
void MustRecordActivity(gateway::testing::SuiteServers& servers, const std::string& token,
                        const std::string& customer, ov1::Activity::Type type, int days_ago,
                        const std::string& summary) {
  ov1::CreateActivityRequest request;
  ov1::Activity& a = *request.mutable_activity();
  a.set_customer(customer);
  a.set_type(type);
  a.mutable_occur_time()->set_seconds(
      absl::ToUnixSeconds(absl::Now() - absl::Hours(24) * days_ago));
  a.set_summary(summary);
  if (type == ov1::Activity::COMPLAINT) a.mutable_complaint()->set_severity(ov1::Complaint::HIGH);
  ov1::Activity created;
  const grpc::Status status =
      servers.opportunity_stub->CreateActivity(With(token).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
}

// A customer drifting away (a churn warning's worth of signals): complaints
// and delivery problems 40 days ago and nothing since, no visit ever, and a
// signed 300,000.00 CNY contract ending in 30 days without a renewal whose
// one milestone fell due 60 days ago and is unpaid.
void MustMakeAtRisk(gateway::testing::SuiteServers& servers, const std::string& seller,
                    const std::string& approver, const std::string& customer) {
  for (int i = 0; i < 2; ++i) {
    MustRecordActivity(servers, seller, customer, ov1::Activity::COMPLAINT, 40, "客户投诉交付延迟");
    MustRecordActivity(servers, seller, customer, ov1::Activity::DELIVERY_ISSUE, 40,
                       "设备到货延误");
  }
  const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
  kv1::CreateContractRequest request;
  kv1::Contract& c = *request.mutable_contract();
  c.set_kind(kv1::STANDALONE);
  c.set_title("预警客户维保合同");
  c.set_customer(customer);
  *c.mutable_amount() = Cny(30'000'000);
  *c.mutable_start_date() = DateOf(today - 300);
  *c.mutable_end_date() = DateOf(today + 30);
  kv1::PaymentMilestone* milestone = c.add_payment_milestones();
  *milestone->mutable_due_date() = DateOf(today - 60);
  *milestone->mutable_amount() = Cny(30'000'000);
  milestone->set_description("全款");
  kv1::Contract created;
  const grpc::Status status =
      servers.contract_stub->CreateContract(With(seller).get(), request, &created);
  EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  MustApproveAndSign(servers, seller, approver, MustSubmit(servers, seller, created));
}

std::string LastPart(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// `text` as the inside of a text-format string literal.
std::string EscapedForString(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& AllRoles() {
  static const auto* roles =
      new std::vector<std::string>{"hq_admin",    "org_admin", "sales",   "service", "viewer",
                                   "integration", "legal",     "finance", "strategy"};
  return *roles;
}

void ProbeWorld::Seed(gateway::testing::SuiteServers& servers) {
  servers_ = &servers;
  ASSERT_NE(servers.gateway.org, nullptr) << "the gateway did not start";
  gv1::OrgService::Stub& org = *servers.gateway.org;
  gateway::testing::EnsureOrgUnit(org, "sub-east", "hq", gv1::OrgUnit::SUBSIDIARY);
  gateway::testing::EnsureOrgUnit(org, "sub-west", "hq", gv1::OrgUnit::SUBSIDIARY);
  gateway::testing::EnsureOrgUnit(org, "east-team", "sub-east", gv1::OrgUnit::TEAM);
  gateway::testing::EnsureOrgUnit(org, "west-team", "sub-west", gv1::OrgUnit::TEAM);
  gateway::testing::EnsureOrgUnit(org, "sub-north", "hq", gv1::OrgUnit::SUBSIDIARY);
  for (const auto& [role, user] : RoleUsers()) {
    const bool west = role.starts_with("other_");
    const std::string granted = west ? role.substr(6) : role;
    const std::string org_unit = role == "hq_admin" || role == "strategy" ? "hq"
                                 : west                                   ? "sub-west"
                                                                          : "sub-east";
    gateway::testing::EnsureUser(
        org, user, org_unit, {granted},
        role == "integration" ? gv1::User::SERVICE_ACCOUNT : gv1::User::HUMAN);
  }
  const std::string east = TokenAs("sales");
  const std::string west = TokenAs("other_sales");

  auto& p = placeholders_;
  p["$CUSTOMER_USCC"] = customer::testing::NewUscc();
  p["$CUSTOMER"] =
      MustCreateCustomer(servers, east, "上海东方探针科技有限公司", p["$CUSTOMER_USCC"], "310115");
  p["$CUSTOMER2_USCC"] = "91310115MA1K3YJ5X8";  // letters, for other spellings of it
  p["$CUSTOMER2"] =
      MustCreateCustomer(servers, east, "上海东方镜像贸易有限公司", p["$CUSTOMER2_USCC"], "310115");
  p["$OTHER_CUSTOMER_USCC"] = customer::testing::NewUscc();
  p["$OTHER_CUSTOMER"] = MustCreateCustomer(servers, west, "杭州西湖探针科技有限公司",
                                            p["$OTHER_CUSTOMER_USCC"], "330106");
  p["$OTHER_CUSTOMER2_USCC"] = customer::testing::NewUscc();
  p["$OTHER_CUSTOMER2"] = MustCreateCustomer(servers, west, "杭州西湖镜像贸易有限公司",
                                             p["$OTHER_CUSTOMER2_USCC"], "330106");
  p["$CUSTOMER_ID"] = LastPart(p["$CUSTOMER"]);
  p["$OTHER_CUSTOMER_ID"] = LastPart(p["$OTHER_CUSTOMER"]);
  p["$CONTACT"] = MustCreateContact(servers, east, p["$CUSTOMER"], "13912348232");
  p["$OTHER_CONTACT"] = MustCreateContact(servers, west, p["$OTHER_CUSTOMER"], "13812345678");
  std::tie(p["$NODE"], p["$DEPT_NODE"]) = MustCreateGroup(servers, east, p["$CUSTOMER"]);
  std::tie(p["$OTHER_NODE"], p["$OTHER_DEPT_NODE"]) =
      MustCreateGroup(servers, west, p["$OTHER_CUSTOMER"]);
  p["$ORG_UNIT"] = "orgUnits/sub-east";
  p["$OTHER_ORG_UNIT"] = "orgUnits/sub-west";
  p["$TEAM"] = "orgUnits/east-team";
  p["$OTHER_TEAM"] = "orgUnits/west-team";
  p["$USER"] = crm::StrCat("users/", RoleUsers().find("sales")->second);
  p["$OTHER_USER"] = crm::StrCat("users/", RoleUsers().find("other_sales")->second);
  p["$STALE_ETAG"] = "\\\"999999\\\"";
  p["$MISSING_CUSTOMER"] = "customers/0f0e0d0c-0b0a-4908-8706-050403020100";
  p["$MISSING_CONTACT"] =
      crm::StrCat(p["$CUSTOMER"], "/contacts/0f0e0d0c-0b0a-4908-8706-050403020100");
  p["$MISSING_NODE"] = "nodes/987654321";
  p["$MISSING_OPPORTUNITY"] = "opportunities/0f0e0d0c-0b0a-4908-8706-050403020100";
  p["$MISSING_CONTRACT"] = "contracts/0f0e0d0c-0b0a-4908-8706-050403020100";

  ASSERT_NE(servers.opportunity_stub, nullptr) << "the opportunity service did not start";
  p["$OPPORTUNITY"] =
      MustCreateOpportunity(servers, east, p["$CUSTOMER"], "东方探针数据平台项目").name();
  p["$OTHER_OPPORTUNITY"] =
      MustCreateOpportunity(servers, west, p["$OTHER_CUSTOMER"], "西湖探针数据平台项目").name();
  p["$ACTIVITY"] = MustCreateActivity(servers, east, p["$CUSTOMER"], p["$OPPORTUNITY"]);
  p["$OTHER_ACTIVITY"] =
      MustCreateActivity(servers, west, p["$OTHER_CUSTOMER"], p["$OTHER_OPPORTUNITY"]);
  // Read after the activities: recording one may move the etag.
  const std::vector<std::pair<std::string, std::string>> owners = {{"$OPPORTUNITY", east},
                                                                   {"$OTHER_OPPORTUNITY", west}};
  for (const auto& [name, token] : owners) {
    ov1::GetOpportunityRequest get;
    get.set_name(p[name]);
    ov1::Opportunity read;
    const grpc::Status status =
        servers.opportunity_stub->GetOpportunity(With(token).get(), get, &read);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    p[crm::StrCat(name, "_ETAG")] = EscapedForString(read.etag());
  }

  // Contracts: sub-east's signed (in force, its first milestone overdue) and
  // draft ones; sub-west's signed one and one waiting for legal's approval.
  ASSERT_NE(servers.contract_stub, nullptr) << "the contract service did not start";
  const std::string east_legal = TokenAs("legal");
  const std::string west_legal = TokenAs("other_legal");
  p["$CONTRACT"] =
      MustApproveAndSign(
          servers, east, east_legal,
          MustSubmit(servers, east,
                     MustCreateContract(servers, east, p["$CUSTOMER"], "东方探针数据平台合同")))
          .name();
  p["$DRAFT_CONTRACT"] =
      MustCreateContract(servers, east, p["$CUSTOMER"], "东方探针运维服务合同").name();
  p["$OTHER_CONTRACT"] =
      MustApproveAndSign(servers, west, west_legal,
                         MustSubmit(servers, west,
                                    MustCreateContract(servers, west, p["$OTHER_CUSTOMER"],
                                                       "西湖探针数据平台合同")))
          .name();
  p["$OTHER_PENDING_CONTRACT"] =
      MustSubmit(servers, west,
                 MustCreateContract(servers, west, p["$OTHER_CUSTOMER"], "西湖探针运维服务合同"))
          .name();
  p["$CONTRACT_ID"] = LastPart(p["$CONTRACT"]);
  p["$OTHER_CONTRACT_ID"] = LastPart(p["$OTHER_CONTRACT"]);
  const std::vector<std::pair<std::string, std::string>> parties = {
      {"$CONTRACT", east},
      {"$DRAFT_CONTRACT", east},
      {"$OTHER_CONTRACT", west},
      {"$OTHER_PENDING_CONTRACT", west}};
  for (const auto& [name, token] : parties) {
    kv1::GetContractRequest get;
    get.set_name(p[name]);
    kv1::Contract read;
    const grpc::Status status = servers.contract_stub->GetContract(With(token).get(), get, &read);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    p[crm::StrCat(name, "_ETAG")] = EscapedForString(read.etag());
  }

  // Collaboration: a request of each subsidiary that asks sub-north (and, for
  // sub-east's, its own team, which has acknowledged it already); the
  // attributions the signed contracts opened, once the collaboration service
  // has followed the contract feed to them.
  ASSERT_NE(servers.collaboration_stub, nullptr) << "the collaboration service did not start";
  p["$NORTH_ORG_UNIT"] = "orgUnits/sub-north";
  p["$COLLAB_REQUEST"] = MustRaise(servers, east, p["$CUSTOMER"], "东方探针 协同需求",
                                   {p["$TEAM"], p["$NORTH_ORG_UNIT"]})
                             .name();
  p["$OTHER_COLLAB_REQUEST"] =
      MustRaise(servers, west, p["$OTHER_CUSTOMER"], "西湖探针 协同需求", {p["$NORTH_ORG_UNIT"]})
          .name();
  {
    lv1::AcknowledgeCollaborationRequestRequest acknowledge;
    acknowledge.set_name(p["$COLLAB_REQUEST"]);
    acknowledge.set_org_unit(p["$TEAM"]);
    lv1::CollaborationRequest acknowledged;
    const grpc::Status status = servers.collaboration_stub->AcknowledgeCollaborationRequest(
        With(east).get(), acknowledge, &acknowledged);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"$COLLAB_REQUEST", east}, {"$OTHER_COLLAB_REQUEST", west}};
  for (const auto& [name, token] : requests) {
    lv1::GetCollaborationRequestRequest get;
    get.set_name(p[name]);
    lv1::CollaborationRequest read;
    const grpc::Status status =
        servers.collaboration_stub->GetCollaborationRequest(With(token).get(), get, &read);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    p[crm::StrCat(name, "_ETAG")] = EscapedForString(read.etag());
  }
  p["$COLLAB_REQUEST_ID"] = LastPart(p["$COLLAB_REQUEST"]);
  p["$MISSING_COLLAB_REQUEST"] = "collaborationRequests/0f0e0d0c-0b0a-4908-8706-050403020100";
  p["$MISSING_ATTRIBUTION"] = "attributions/0f0e0d0c-0b0a-4908-8706-050403020100";
  const std::vector<std::tuple<std::string, std::string, std::string>> deals = {
      {"$ATTRIBUTION", "$CONTRACT", east}, {"$OTHER_ATTRIBUTION", "$OTHER_CONTRACT", west}};
  const bool opened = servers.FollowDealsUntil([&] {
    for (const auto& [name, contract, token] : deals) {
      lv1::ListAttributionsRequest list;
      list.set_page_size(100);
      lv1::ListAttributionsResponse listed;
      const grpc::Status status =
          servers.collaboration_stub->ListAttributions(With(token).get(), list, &listed);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const lv1::Attribution& a : listed.attributions()) {
        if (a.contract() == p[contract]) {
          p[name] = a.name();
          p[crm::StrCat(name, "_ETAG")] = EscapedForString(a.etag());
        }
      }
    }
    return p.contains("$ATTRIBUTION") && p.contains("$OTHER_ATTRIBUTION");
  });
  EXPECT_TRUE(opened) << "the signed contracts opened no attributions";

  SeedScoring();

  cv1::ScanDuplicatesRequest scan;
  scan.set_min_score(0.9);
  google::longrunning::Operation operation;
  const grpc::Status scanned =
      servers.gateway.customers->ScanDuplicates(With(TokenAs("hq_admin")).get(), scan, &operation);
  EXPECT_TRUE(scanned.ok()) << scanned.error_message();
  p["$OPERATION"] = operation.name();
  WaitUntilQuiet();
  WaitForGroupReplica({p["$NODE"], p["$DEPT_NODE"], p["$OTHER_NODE"], p["$OTHER_DEPT_NODE"]});
}

void ProbeWorld::SeedScoring() {
  gateway::testing::SuiteServers& servers = *servers_;
  ASSERT_NE(servers.scoring_stub, nullptr) << "the scoring service did not start";
  sv1::ScoringService::Stub& scoring = *servers.scoring_stub;
  auto& p = placeholders_;
  const std::string east = TokenAs("sales");
  const std::string west = TokenAs("other_sales");
  const std::string strategy = TokenAs("strategy");
  p["$QUARTER"] = clock::FormatQuarter(clock::QuarterOf(clock::BusinessDayOf(absl::Now())));
  p["$MISSING_CHURN_WARNING"] = "churnWarnings/0f0e0d0c-0b0a-4908-8706-050403020100";
  p["$MISSING_FACTS_REBUILD"] = "factsRebuilds/0f0e0d0c-0b0a-4908-8706-050403020100";
  p["$MISSING_TIER_PROPOSAL"] =
      crm::StrCat("tierReviews/", p["$QUARTER"], "/proposals/0f0e0d0c-0b0a-4908-8706-050403020100");

  // A customer of each subsidiary drifting away: each gets its churn warning
  // once the scoring service has followed the feeds to them.
  p["$RISK_CUSTOMER"] = MustCreateCustomer(servers, east, "上海东方预警科技有限公司",
                                           customer::testing::NewUscc(), "310115");
  p["$OTHER_RISK_CUSTOMER"] = MustCreateCustomer(servers, west, "杭州西湖预警科技有限公司",
                                                 customer::testing::NewUscc(), "330106");
  MustMakeAtRisk(servers, east, TokenAs("legal"), p["$RISK_CUSTOMER"]);
  MustMakeAtRisk(servers, west, TokenAs("other_legal"), p["$OTHER_RISK_CUSTOMER"]);
  const auto ids = [&](std::initializer_list<const char*> names) {
    std::string list;
    for (const char* name : names) {
      crm::StrAppend(&list, list.empty() ? "'" : ",'", LastPart(p[name]), "'");
    }
    return list;
  };
  const std::string scored_sql = crm::StrCat(
      "SELECT count(*) FROM scoring.customer_scores WHERE customer_id IN (",
      ids({"$CUSTOMER", "$OTHER_CUSTOMER", "$RISK_CUSTOMER", "$OTHER_RISK_CUSTOMER"}), ")");
  const std::string warned_sql = crm::StrCat(
      "SELECT count(*) FROM scoring.churn_warnings WHERE state = 1 AND customer_id IN (",
      ids({"$RISK_CUSTOMER", "$OTHER_RISK_CUSTOMER"}), ")");
  EXPECT_TRUE(servers.FollowScoresUntil([&] {
    return servers.env->QueryValue(scored_sql) == "4" && servers.env->QueryValue(warned_sql) == "2";
  })) << "the scoring service did not score the seeded customers and warn of the two at risk";
  const std::vector<std::tuple<std::string, std::string, std::string>> warnings = {
      {"$CHURN_WARNING", "$RISK_CUSTOMER", east},
      {"$OTHER_CHURN_WARNING", "$OTHER_RISK_CUSTOMER", west}};
  for (const auto& [name, customer, token] : warnings) {
    sv1::ListChurnWarningsRequest list;
    list.set_page_size(1000);
    sv1::ListChurnWarningsResponse listed;
    const grpc::Status status = scoring.ListChurnWarnings(With(token).get(), list, &listed);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    for (const sv1::ChurnWarning& w : listed.churn_warnings()) {
      if (w.customer() != p[customer]) continue;
      p[name] = w.name();
      p[crm::StrCat(name, "_ETAG")] = EscapedForString(w.etag());
    }
    EXPECT_TRUE(p.contains(name)) << "no churn warning listed for " << customer;
  }

  // HQ's strategy centre marks $CUSTOMER and $OTHER_CUSTOMER strategic: an A
  // tier computed, their tier (C when first scored) unchanged until a review.
  for (const char* customer : {"$CUSTOMER", "$OTHER_CUSTOMER"}) {
    sv1::UpdateScoringProfileRequest update;
    update.mutable_scoring_profile()->set_name(crm::StrCat(p[customer], "/scoringProfile"));
    update.mutable_scoring_profile()->set_strategic(true);
    update.mutable_scoring_profile()->set_reason("集团战略客户");
    sv1::ScoringProfile profile;
    const grpc::Status status =
        scoring.UpdateScoringProfile(With(strategy).get(), update, &profile);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
  }
  const std::string computed_a_sql = crm::StrCat(
      "SELECT count(*) FROM scoring.customer_scores WHERE computed_tier = 1 AND tier <> 1"
      " AND customer_id IN (",
      ids({"$CUSTOMER", "$OTHER_CUSTOMER"}), ")");
  EXPECT_TRUE(servers.FollowScoresUntil([&] {
    return servers.env->QueryValue(computed_a_sql) == "2";
  })) << "the strategic flag did not reach the computed tiers";

  // The quarter's review, opened by the strategy centre: a pending proposal
  // (C to A) for each of them.
  {
    sv1::OpenTierReviewRequest open;
    open.set_quarter(p["$QUARTER"]);
    sv1::TierReview review;
    const grpc::Status status = scoring.OpenTierReview(With(strategy).get(), open, &review);
    EXPECT_TRUE(status.ok()) << status.error_message();
    p["$TIER_REVIEW"] = crm::StrCat("tierReviews/", p["$QUARTER"]);
    sv1::ListTierProposalsRequest list;
    list.set_parent(p["$TIER_REVIEW"]);
    list.set_page_size(1000);
    sv1::ListTierProposalsResponse listed;
    const grpc::Status listed_status =
        scoring.ListTierProposals(With(strategy).get(), list, &listed);
    EXPECT_TRUE(listed_status.ok()) << listed_status.error_message();
    for (const sv1::TierProposal& proposal : listed.proposals()) {
      const std::string name = proposal.customer() == p["$CUSTOMER"] ? "$TIER_PROPOSAL"
                               : proposal.customer() == p["$OTHER_CUSTOMER"]
                                   ? "$OTHER_TIER_PROPOSAL"
                                   : "";
      if (name.empty()) continue;
      p[name] = proposal.name();
      p[crm::StrCat(name, "_ETAG")] = EscapedForString(proposal.etag());
    }
    EXPECT_TRUE(p.contains("$TIER_PROPOSAL") && p.contains("$OTHER_TIER_PROPOSAL"))
        << "no proposals for the strategic customers: " << listed.ShortDebugString();
  }

  // A survey answer of each subsidiary's contact, and each subsidiary's
  // sales target for the quarter.
  const std::vector<std::pair<std::string, std::string>> surveys = {{"$CONTACT", east},
                                                                    {"$OTHER_CONTACT", west}};
  for (const auto& [contact, token] : surveys) {
    sv1::RecordSurveyRequest record;
    record.mutable_survey()->set_customer(contact.starts_with("$OTHER") ? p["$OTHER_CUSTOMER"]
                                                                        : p["$CUSTOMER"]);
    record.mutable_survey()->set_contact(p[contact]);
    record.mutable_survey()->set_period(p["$QUARTER"]);
    record.mutable_survey()->set_score(6);
    record.mutable_survey()->set_comment("交付及时性有待提升");
    sv1::Survey recorded;
    const grpc::Status status = scoring.RecordSurvey(With(token).get(), record, &recorded);
    EXPECT_TRUE(status.ok()) << contact << ": " << status.error_message();
    p[contact.starts_with("$OTHER") ? "$OTHER_SURVEY" : "$SURVEY"] = recorded.name();
  }
  for (const std::string unit : {"sub-east", "sub-west"}) {
    sv1::SetSalesTargetRequest set;
    set.mutable_sales_target()->set_name(
        crm::StrCat("orgUnits/", unit, "/salesTargets/", p["$QUARTER"]));
    *set.mutable_sales_target()->mutable_amount() = Cny(1'000'000'000);  // 10,000,000.00
    sv1::SalesTarget target;
    const grpc::Status status = scoring.SetSalesTarget(With(strategy).get(), set, &target);
    EXPECT_TRUE(status.ok()) << unit << ": " << status.error_message();
  }

  // A rebuild of every customer's facts from the feeds, followed to its end.
  {
    sv1::StartFactsRebuildRequest start;
    start.set_request_id("probe-world-rebuild");
    sv1::FactsRebuild rebuild;
    const std::string hq = TokenAs("hq_admin");
    const grpc::Status status = scoring.StartFactsRebuild(With(hq).get(), start, &rebuild);
    EXPECT_TRUE(status.ok()) << status.error_message();
    p["$FACTS_REBUILD"] = rebuild.name();
    EXPECT_TRUE(servers.FollowScoresUntil([&] {
      sv1::GetFactsRebuildRequest get;
      get.set_name(rebuild.name());
      sv1::FactsRebuild now;
      const grpc::Status got = scoring.GetFactsRebuild(With(hq).get(), get, &now);
      EXPECT_TRUE(got.ok()) << got.error_message();
      return now.state() == sv1::FactsRebuild::SUCCEEDED;
    })) << "the facts rebuild did not finish";
  }
}

void ProbeWorld::WaitForGroupReplica(const std::vector<std::string>& nodes) const {
  std::string ids;
  for (const std::string& node : nodes) {
    crm::StrAppend(&ids, ids.empty() ? "" : ",", node.substr(node.rfind('/') + 1));
  }
  for (const std::string schema : {"opportunity", "contract", "collaboration", "scoring"}) {
    const std::string sql = crm::StrCat("SELECT count(*) FROM ", schema,
                                        ".replica_group_nodes WHERE node_id IN (", ids, ")");
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    std::string known;
    while ((known = servers_->env->QueryValue(sql)) != crm::StrCat(nodes.size()) &&
           absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    EXPECT_EQ(known, crm::StrCat(nodes.size()))
        << "the " << schema << " service's group replica did not follow the seeded groups";
  }
}

std::string ProbeWorld::TokenAs(std::string_view role) const {
  if (role == "none") return "";
  const auto user = RoleUsers().find(role);
  EXPECT_NE(user, RoleUsers().end()) << "no user for role " << role;
  return user == RoleUsers().end() ? "" : TokenFor(user->second);
}

std::string ProbeWorld::Expand(std::string_view text) {
  // {{N*piece}} first, so a piece may hold placeholders.
  std::string repeated;
  for (size_t pos = 0; pos < text.size();) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      repeated.append(text.substr(pos));
      break;
    }
    repeated.append(text.substr(pos, open - pos));
    const size_t star = text.find('*', open);
    const size_t close = text.find("}}", open);
    int count = 0;
    if (star == std::string_view::npos || close == std::string_view::npos || star > close ||
        !absl::SimpleAtoi(ToAbsl(text.substr(open + 2, star - open - 2)), &count) || count < 0) {
      ADD_FAILURE() << "bad {{N*piece}} in: " << text;
      return std::string(text);
    }
    const std::string_view piece = text.substr(star + 1, close - star - 1);
    for (int i = 0; i < count; ++i) repeated.append(piece);
    pos = close + 2;
  }

  std::string out;
  for (size_t pos = 0; pos < repeated.size();) {
    if (repeated[pos] != '$') {
      out.push_back(repeated[pos++]);
      continue;
    }
    size_t end = pos + 1;
    while (end < repeated.size() &&
           (std::isupper(static_cast<unsigned char>(repeated[end])) ||
            std::isdigit(static_cast<unsigned char>(repeated[end])) || repeated[end] == '_')) {
      ++end;
    }
    const std::string name = repeated.substr(pos, end - pos);
    if (name == "$UNIQUE") {
      crm::StrAppend(&out, ++unique_);
    } else if (name == "$NEW_USCC") {
      out.append(customer::testing::NewUscc());
    } else if (name == "$FRESH_CONTACT") {
      out.append(FreshContact());
    } else if (auto found = placeholders_.find(name); found != placeholders_.end()) {
      out.append(found->second);
    } else {
      ADD_FAILURE() << "unknown placeholder " << name << " in: " << text.substr(0, 200);
      out.append(name);
    }
    pos = end;
  }
  return out;
}

std::string ProbeWorld::FreshContact() {
  return MustCreateContact(*servers_, TokenAs("hq_admin"), placeholders_["$CUSTOMER"],
                           crm::StrCat("1391234", 1000 + (++unique_ % 9000)));
}

std::string ProbeWorld::Fingerprint() const {
  return servers_->env->QueryValue(R"sql(
    SELECT concat_ws(' ',
      'customers=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM customer.customers),
      'contacts=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM customer.contacts),
      'references=' || (SELECT count(*) FROM customer.external_references),
      'team=' || (SELECT count(*) FROM customer.account_team),
      'history=' || (SELECT count(*) FROM customer.history),
      'changes=' || (SELECT count(*) FROM customer.changes),
      'operations=' || (SELECT count(*) FROM customer.operations),
      'merges=' || (SELECT count(*) FROM customer.merges),
      'nodes=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM hierarchy.nodes),
      'trees=' || (SELECT count(*) FROM hierarchy.trees),
      'org_units=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM gateway.org_units),
      'users=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM gateway.users),
      'org_audit=' || (SELECT count(*) FROM gateway.audit_log),
      'opportunities=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                           FROM opportunity.opportunities),
      'stage_history=' || (SELECT count(*) FROM opportunity.stage_history),
      'activities=' || (SELECT count(*) FROM opportunity.activities),
      'last_activity=' || (SELECT count(*) || '/' ||
                               coalesce(sum(extract(epoch FROM last_activity_time)), 0)
                           FROM opportunity.customer_last_activity),
      'stage_models=' || (SELECT count(*) FROM opportunity.stage_models),
      'opportunity_events=' || (SELECT count(*) FROM opportunity.events),
      'contracts=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                       FROM contract.contracts),
      'contract_numbers=' || (SELECT coalesce(sum(last_number), 0)
                              FROM contract.contract_numbers),
      'approval_steps=' || (SELECT count(*) || '/' || coalesce(sum(outcome), 0)
                            FROM contract.approval_steps),
      'approval_policies=' || (SELECT count(*) FROM contract.approval_policies),
      'contract_history=' || (SELECT count(*) FROM contract.contract_history),
      'milestones=' || (SELECT count(*) || '/' || coalesce(sum(paid_minor), 0)
                        FROM contract.payment_milestones),
      'receipts=' || (SELECT count(*) FROM contract.receipts),
      'allocations=' || (SELECT count(*) FROM contract.receipt_allocations),
      'contract_events=' || (SELECT count(*) FROM contract.events),
      'collaboration_requests=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                                    FROM collaboration.requests),
      'participants=' || (SELECT count(*) || '/' || count(acknowledge_time)
                          FROM collaboration.request_participants),
      'timeline=' || (SELECT count(*) FROM collaboration.request_timeline),
      'sla_policies=' || (SELECT count(*) FROM collaboration.sla_policies),
      'attributions=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                          FROM collaboration.attributions),
      'contributors=' || (SELECT count(*) || '/' || coalesce(sum(share_bp), 0)
                          FROM collaboration.attribution_contributors),
      'attribution_history=' || (SELECT count(*) FROM collaboration.attribution_history),
      'attribution_policies=' || (SELECT count(*) FROM collaboration.attribution_policies),
      'credit=' || (SELECT count(*) || '/' || coalesce(sum(credited_minor), 0)
                    FROM collaboration.credit_totals),
      'collaboration_events=' || (SELECT count(*) FROM collaboration.events),
      'dirty_customers=' || (SELECT count(*) FROM scoring.dirty_customers),
      'scoring_policies=' || (SELECT count(*) FROM scoring.policies),
      'profiles=' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM scoring.profiles),
      'scores=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                    FROM scoring.customer_scores),
      'tier_changes=' || (SELECT count(*) FROM scoring.tier_changes),
      'tier_reviews=' || (SELECT count(*) FROM scoring.tier_reviews),
      'tier_proposals=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                            FROM scoring.tier_proposals),
      'churn_warnings=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                            FROM scoring.churn_warnings),
      'surveys=' || (SELECT count(*) FROM scoring.surveys),
      'sales_targets=' || (SELECT count(*) || '/' || coalesce(sum(version), 0)
                           FROM scoring.sales_targets),
      'facts_rebuilds=' || (SELECT count(*) FROM scoring.facts_rebuilds),
      'scoring_events=' || (SELECT count(*) FROM scoring.events)))sql");
}

void ProbeWorld::WaitUntilQuiet() const {
  std::string last = Fingerprint();
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  int same = 0;
  while (same < 3 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(200));
    const std::string now = Fingerprint();
    same = now == last ? same + 1 : 0;
    last = now;
  }
}

std::vector<std::string> ErrorHygieneProblems(const grpc::Status& status) {
  std::vector<std::string> problems;
  if (status.ok()) return problems;
  const grpc::StatusCode code = status.error_code();
  // A deadline the caller set ends the call in its own library, with no
  // details from the server (a watch that stays open, say).
  if (code == grpc::StatusCode::DEADLINE_EXCEEDED && status.error_details().empty()) {
    return problems;
  }
  if (code == grpc::StatusCode::UNIMPLEMENTED || code == grpc::StatusCode::INTERNAL ||
      code == grpc::StatusCode::UNKNOWN) {
    problems.push_back(crm::StrCat("code ", CodeName(code), " says nothing a caller can act on"));
  }
  CheckText("the message", status.error_message(), problems);
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    problems.push_back("no google.rpc.Status in the details");
    return problems;
  }
  int error_infos = 0;
  for (const google::protobuf::Any& any : details.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      ++error_infos;
      google::rpc::ErrorInfo info;
      any.UnpackTo(&info);
      CheckText("ErrorInfo.reason", info.reason(), problems);
      for (const auto& [key, value] : info.metadata()) {
        CheckText(crm::StrCat("ErrorInfo.metadata[", key, "]"), value, problems);
      }
    } else if (any.Is<google::rpc::BadRequest>()) {
      google::rpc::BadRequest bad_request;
      any.UnpackTo(&bad_request);
      for (const auto& violation : bad_request.field_violations()) {
        CheckText(crm::StrCat("the field of a violation"), violation.field(), problems);
        CheckText(crm::StrCat("the description of ", violation.field().substr(0, 64)),
                  violation.description(), problems);
      }
    }
  }
  if (error_infos != 1) {
    problems.push_back(crm::StrCat(error_infos, " ErrorInfo details (exactly one expected)"));
  }
  return problems;
}

bool FieldCovers(std::string_view expected, std::string_view actual) {
  if (!actual.starts_with(expected)) return false;
  if (actual.size() == expected.size()) return true;
  const char next = actual[expected.size()];
  return next == '[' || next == '.';
}

std::string CodeName(grpc::StatusCode code) {
  return std::string(status::CodeName(static_cast<absl::StatusCode>(code)));
}

bool ParseCodeName(std::string_view name, grpc::StatusCode* code) {
  for (int i = 0; i <= 16; ++i) {
    if (CodeName(static_cast<grpc::StatusCode>(i)) == name) {
      *code = static_cast<grpc::StatusCode>(i);
      return true;
    }
  }
  return false;
}

}  // namespace crm::e2e
