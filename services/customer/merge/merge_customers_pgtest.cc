// MergeCustomers and UnmergeCustomer through the gRPC API against real
// PostgreSQL and Redis: survivorship, the round trip back to the exact
// records, later edits kept, retries by request id, owners and data scope,
// validation, and the events and history both directions leave.
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class MergeCustomersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start("merge");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "environment failed to start"; }

  static v1::CustomerService::Stub& stub() { return env_->stub(); }
  static auth::v1::Principal Hq() { return CustomerTestEnv::Hq(); }
  static auth::v1::Principal East() { return CustomerTestEnv::Sales("li.lei", "sub-east"); }
  static auth::v1::Principal South() { return CustomerTestEnv::Sales("han.mei", "sub-south"); }

  static v1::Customer Create(const auth::v1::Principal& principal, v1::Customer values) {
    v1::CreateCustomerRequest request;
    *request.mutable_customer() = std::move(values);
    v1::Customer created;
    const grpc::Status status = stub().CreateCustomer(env_->As(principal).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static v1::Customer Values(const std::string& legal_name, const std::string& owner) {
    v1::Customer customer;
    customer.set_legal_name(legal_name);
    customer.set_owner_org_unit(owner);
    return customer;
  }

  static v1::Contact AddContact(const std::string& parent, const std::string& name) {
    v1::CreateContactRequest request;
    request.set_parent(parent);
    request.mutable_contact()->set_display_name(name);
    request.mutable_contact()->set_phone("13912345678");
    v1::Contact created;
    const grpc::Status status = stub().CreateContact(env_->As(Hq()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static absl::Status Get(const std::string& name, v1::Customer* out) {
    v1::GetCustomerRequest request;
    request.set_name(name);
    return status::FromGrpc(stub().GetCustomer(env_->As(Hq()).get(), request, out));
  }

  static v1::Customer MustGet(const std::string& name) {
    v1::Customer customer;
    const absl::Status status = Get(name, &customer);
    EXPECT_TRUE(status.ok()) << status;
    return customer;
  }

  static absl::Status Merge(const auth::v1::Principal& principal,
                            const v1::MergeCustomersRequest& request,
                            v1::MergeCustomersResponse* response) {
    return status::FromGrpc(stub().MergeCustomers(env_->As(principal).get(), request, response));
  }

  static v1::MergeCustomersRequest MergeRequest(const v1::Customer& survivor,
                                                std::vector<v1::Customer> merged) {
    v1::MergeCustomersRequest request;
    request.set_survivor(survivor.name());
    for (const v1::Customer& customer : merged) request.add_merged(customer.name());
    return request;
  }

  static absl::Status Unmerge(const auth::v1::Principal& principal, const std::string& name,
                              v1::UnmergeCustomerResponse* response,
                              const std::string& request_id = "") {
    v1::UnmergeCustomerRequest request;
    request.set_name(name);
    request.set_request_id(request_id);
    return status::FromGrpc(stub().UnmergeCustomer(env_->As(principal).get(), request, response));
  }

  static std::set<std::string> ContactNames(const std::string& parent) {
    v1::ListContactsRequest request;
    request.set_parent(parent);
    v1::ListContactsResponse response;
    EXPECT_TRUE(stub().ListContacts(env_->As(Hq()).get(), request, &response).ok());
    std::set<std::string> names;
    for (const v1::Contact& contact : response.contacts()) names.insert(contact.display_name());
    return names;
  }

  // The record without what any write changes (etag, times).
  static v1::Customer Content(v1::Customer customer) {
    customer.clear_etag();
    customer.clear_update_time();
    return customer;
  }

  static std::string Reason(const absl::Status& status) {
    auto info = status::GetErrorInfo(status);
    return info.has_value() ? info->reason() : "";
  }

  static std::unique_ptr<CustomerTestEnv> env_;
};

std::unique_ptr<CustomerTestEnv> MergeCustomersTest::env_;

TEST_F(MergeCustomersTest, MergeThenUnmergeRestoresBothRecordsExactly) {
  v1::Customer survivor_values = Values("上海华信能源科技有限公司", "orgUnits/sub-east");
  survivor_values.set_industry("C");
  survivor_values.add_tags("战略客户");
  const v1::Customer survivor = Create(Hq(), survivor_values);
  v1::Customer merged_values = Values("上海华信能源有限公司", "orgUnits/sub-east");
  merged_values.set_uscc(NewUscc());
  merged_values.set_region("310115");
  merged_values.add_tags("能源");
  auto* reference = merged_values.add_external_references();
  reference->set_source_system("erp-sap");
  reference->set_source_id("MERGE-ROUND-TRIP-1");
  v1::Customer merged = Create(Hq(), merged_values);
  AddContact(survivor.name(), "王五");
  AddContact(merged.name(), "赵六");
  const v1::Customer survivor_before = MustGet(survivor.name());
  const v1::Customer merged_before = MustGet(merged.name());

  // A dry run shows the result and writes nothing.
  v1::MergeCustomersRequest request = MergeRequest(survivor, {merged});
  request.set_validate_only(true);
  v1::MergeCustomersResponse dry_run;
  ASSERT_TRUE(Merge(East(), request, &dry_run).ok());
  EXPECT_EQ(dry_run.customer().uscc(), merged_before.uscc());
  EXPECT_EQ(MustGet(merged.name()).etag(), merged_before.etag());
  EXPECT_EQ(MustGet(survivor.name()).etag(), survivor_before.etag());

  request.set_validate_only(false);
  v1::MergeCustomersResponse response;
  const absl::Status merged_status = Merge(East(), request, &response);
  ASSERT_TRUE(merged_status.ok()) << merged_status;
  const v1::Customer& golden = response.customer();
  EXPECT_EQ(golden.name(), survivor.name());
  // ERP is the trusted source: its legal name beats the survivor's.
  EXPECT_EQ(golden.legal_name(), "上海华信能源有限公司");
  EXPECT_EQ(golden.uscc(), merged_before.uscc());
  EXPECT_EQ(golden.industry(), "C");
  EXPECT_EQ(golden.region(), "310115");
  EXPECT_THAT(golden.tags(), UnorderedElementsAre("战略客户", "能源"));
  ASSERT_EQ(golden.external_references_size(), 1);
  std::map<std::string, std::string> reasons;
  for (const v1::FieldSource& source : response.field_sources()) {
    reasons[source.field()] = source.source() + " " + source.reason();
  }
  EXPECT_EQ(reasons["legal_name"], merged.name() + " trusted source erp-sap");
  EXPECT_EQ(reasons["uscc"], merged.name() + " only non-empty value");
  EXPECT_EQ(reasons["industry"], survivor.name() + " only non-empty value");
  EXPECT_EQ(ContactNames(survivor.name()), (std::set<std::string>{"王五", "赵六"}));

  // The merged customer redirects to its survivor.
  v1::Customer gone;
  const absl::Status get_gone = Get(merged.name(), &gone);
  EXPECT_EQ(get_gone.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(get_gone), "CUSTOMER_MERGED");
  EXPECT_EQ(status::GetErrorInfo(get_gone)->metadata().at("mergedInto"), survivor.name());
  v1::LookupCustomerRequest lookup;
  *lookup.mutable_external_reference() = merged_values.external_references(0);
  v1::Customer found;
  ASSERT_TRUE(stub().LookupCustomer(env_->As(Hq()).get(), lookup, &found).ok());
  EXPECT_EQ(found.name(), survivor.name());
  const std::string merged_id = merged.name().substr(10);
  EXPECT_EQ(env_->QueryValue(
                crm::StrCat("SELECT merged_into::text FROM customer.changes WHERE customer_id = '",
                            merged_id, "' AND type = 5")),
            survivor.name().substr(10));

  v1::UnmergeCustomerResponse restored;
  const absl::Status unmerged = Unmerge(East(), merged.name(), &restored);
  ASSERT_TRUE(unmerged.ok()) << unmerged;
  google::protobuf::util::MessageDifferencer differ;
  std::string difference;
  differ.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differ.Compare(Content(merged_before), Content(MustGet(merged.name()))))
      << difference;
  EXPECT_TRUE(differ.Compare(Content(survivor_before), Content(MustGet(survivor.name()))))
      << difference;
  EXPECT_EQ(ContactNames(survivor.name()), (std::set<std::string>{"王五"}));
  EXPECT_EQ(ContactNames(merged.name()), (std::set<std::string>{"赵六"}));
  ASSERT_TRUE(stub().LookupCustomer(env_->As(Hq()).get(), lookup, &found).ok());
  EXPECT_EQ(found.name(), merged.name());
  // Both directions are audited on both records.
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM customer.history WHERE customer_id = '", merged_id,
                "' AND field = 'merged_into' AND method IN ('MergeCustomers', 'UnmergeCustomer')")),
            "2");
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat("SELECT count(*) FROM customer.changes WHERE customer_id = '",
                                   merged_id, "' AND type = 6")),
      "1");
}

TEST_F(MergeCustomersTest, UnmergeKeepsLaterEditsOfTheSurvivor) {
  const v1::Customer survivor = Create(Hq(), Values("杭州云帆科技有限公司", "orgUnits/sub-east"));
  v1::Customer merged_values = Values("杭州云帆网络科技有限公司", "orgUnits/sub-east");
  merged_values.set_short_name("云帆");
  merged_values.set_region("330106");
  const v1::Customer merged = Create(Hq(), merged_values);
  v1::MergeCustomersResponse response;
  ASSERT_TRUE(Merge(Hq(), MergeRequest(survivor, {merged}), &response).ok());
  ASSERT_EQ(response.customer().short_name(), "云帆");
  ASSERT_EQ(response.customer().region(), "330106");

  v1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(survivor.name());
  update.mutable_customer()->set_short_name("云帆科技");
  update.mutable_update_mask()->add_paths("short_name");
  v1::Customer updated;
  ASSERT_TRUE(stub().UpdateCustomer(env_->As(Hq()).get(), update, &updated).ok());

  v1::UnmergeCustomerResponse restored;
  ASSERT_TRUE(Unmerge(Hq(), merged.name(), &restored).ok());
  EXPECT_EQ(restored.survivor().short_name(), "云帆科技");  // edited after the merge: kept
  EXPECT_EQ(restored.survivor().region(), "");              // came from the merged record
  EXPECT_EQ(restored.customer().short_name(), "云帆");
  EXPECT_EQ(restored.customer().state(), v1::Customer::ACTIVE);
}

TEST_F(MergeCustomersTest, RetriesWithOneRequestIdMergeOnce) {
  const v1::Customer survivor = Create(Hq(), Values("南京钢联贸易有限公司", "orgUnits/hq"));
  const v1::Customer merged = Create(Hq(), Values("南京钢联商贸有限公司", "orgUnits/hq"));
  v1::MergeCustomersRequest request = MergeRequest(survivor, {merged});
  request.set_request_id("5c1d2e3f-merge-retry-0001");
  std::vector<v1::MergeCustomersResponse> responses(3);
  std::vector<absl::Status> statuses(3);
  std::vector<std::thread> retries;
  for (int i = 0; i < 3; ++i) {
    retries.emplace_back([&, i] { statuses[i] = Merge(Hq(), request, &responses[i]); });
  }
  for (std::thread& retry : retries) retry.join();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i];
    EXPECT_EQ(responses[i].customer().etag(), responses[0].customer().etag());
  }
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM customer.merges WHERE merged_id = '",
                                         merged.name().substr(10), "'")),
            "1");
  // The same id with another request is refused, and merges nothing.
  const v1::Customer third = Create(Hq(), Values("南京钢联物流有限公司", "orgUnits/hq"));
  v1::MergeCustomersRequest other = MergeRequest(survivor, {third});
  other.set_request_id(request.request_id());
  v1::MergeCustomersResponse refused;
  const absl::Status reused = Merge(Hq(), other, &refused);
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED") << reused;
  EXPECT_EQ(MustGet(third.name()).state(), v1::Customer::ACTIVE);
}

TEST_F(MergeCustomersTest, DifferentOwnersNeedHqAndTheFormerOwnerStaysOnTheTeam) {
  const v1::Customer survivor = Create(Hq(), Values("苏州恒通机械有限公司", "orgUnits/sub-east"));
  const v1::Customer merged =
      Create(Hq(), Values("苏州恒通机械制造有限公司", "orgUnits/sub-south"));
  // East serves the south's customer, so both are in its scope; still not its call.
  v1::AddAccountTeamMemberRequest member;
  member.set_name(merged.name());
  member.mutable_member()->set_org_unit("orgUnits/sub-east");
  member.mutable_member()->set_role("sales");
  v1::Customer with_team;
  ASSERT_TRUE(stub().AddAccountTeamMember(env_->As(Hq()).get(), member, &with_team).ok());
  v1::MergeCustomersResponse response;
  const absl::Status denied = Merge(East(), MergeRequest(survivor, {merged}), &response);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(denied), "CROSS_OWNER_MERGE");
  EXPECT_THAT(std::string(denied.message()), HasSubstr("orgUnits/sub-south"));
  EXPECT_EQ(MustGet(merged.name()).state(), v1::Customer::ACTIVE);

  ASSERT_TRUE(Merge(Hq(), MergeRequest(survivor, {merged}), &response).ok());
  bool former_owner = false;
  for (const v1::AccountTeamMember& m : response.customer().account_team()) {
    former_owner |= m.org_unit() == "orgUnits/sub-south" && m.role() == "former-owner";
  }
  EXPECT_TRUE(former_owner) << response.customer().DebugString();
}

TEST_F(MergeCustomersTest, PermissionIsCheckedBeforeExistenceAndEveryPrecondition) {
  const v1::Customer own = Create(Hq(), Values("温州瓯信电气有限公司", "orgUnits/sub-south"));
  const v1::Customer theirs = Create(Hq(), Values("温州瓯信电气设备有限公司", "orgUnits/sub-east"));
  v1::Customer unknown;
  unknown.set_name("customers/00000000-0000-4000-8000-000000000001");  // sorts first
  v1::MergeCustomersResponse response;
  const absl::Status denied = Merge(South(), MergeRequest(own, {unknown, theirs}), &response);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << denied;
  EXPECT_EQ(Reason(denied), "OUT_OF_DATA_SCOPE") << denied;
  // Nor does a stale etag or a dry run change the answer.
  v1::MergeCustomersRequest stale = MergeRequest(own, {theirs});
  stale.set_etag("\"999\"");
  EXPECT_EQ(Merge(South(), stale, &response).code(), absl::StatusCode::kPermissionDenied);
  stale.set_validate_only(true);
  EXPECT_EQ(Merge(South(), stale, &response).code(), absl::StatusCode::kPermissionDenied);
  // For a record the caller may merge, the missing one is what is wrong.
  const v1::Customer other_own = Create(Hq(), Values("温州瓯信电器有限公司", "orgUnits/sub-south"));
  EXPECT_EQ(Merge(South(), MergeRequest(own, {unknown, other_own}), &response).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(MergeCustomersTest, AnotherSubsidiaryCannotMergeByGuessingIds) {
  const v1::Customer survivor = Create(Hq(), Values("宁波港信物流有限公司", "orgUnits/sub-east"));
  const v1::Customer merged = Create(Hq(), Values("宁波港信运输有限公司", "orgUnits/sub-east"));
  v1::MergeCustomersResponse response;
  const absl::Status denied = Merge(South(), MergeRequest(survivor, {merged}), &response);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  v1::UnmergeCustomerResponse unmerged;
  const absl::Status not_merged = Unmerge(South(), merged.name(), &unmerged);
  EXPECT_EQ(not_merged.code(), absl::StatusCode::kPermissionDenied) << not_merged;
  EXPECT_EQ(MustGet(merged.name()).state(), v1::Customer::ACTIVE);
  EXPECT_EQ(MustGet(survivor.name()).etag(), survivor.etag());
}

TEST_F(MergeCustomersTest, BadRequestsAreRefusedFieldByField) {
  const v1::Customer survivor = Create(Hq(), Values("成都天府软件有限公司", "orgUnits/hq"));
  v1::MergeCustomersRequest request = MergeRequest(survivor, {survivor});
  request.add_merged("customers/not-a-uuid");
  auto* override_ = request.add_field_overrides();
  override_->set_field("owner_org_unit");
  override_->set_source(survivor.name());
  auto* stranger = request.add_field_overrides();
  stranger->set_field("uscc");
  stranger->set_source("customers/00000000-0000-4000-8000-000000000001");
  request.set_etag("\"x");
  v1::MergeCustomersResponse response;
  const absl::Status invalid = Merge(Hq(), request, &response);
  EXPECT_EQ(invalid.code(), absl::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(invalid))
    fields.insert(violation.field());
  EXPECT_EQ(fields, (std::set<std::string>{"merged[0]", "merged[1]", "field_overrides[0].field",
                                           "field_overrides[1].source", "etag"}));

  v1::MergeCustomersRequest too_many = MergeRequest(survivor, {});
  for (int i = 0; i < 50; ++i) {
    too_many.add_merged(crm::StrCat("customers/00000000-0000-4000-8000-", 100000000000 + i));
  }
  EXPECT_EQ(Merge(Hq(), too_many, &response).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MergeCustomersTest, MergedRecordsAreFrozenUntilUnmerged) {
  const v1::Customer survivor = Create(Hq(), Values("武汉长江光电有限公司", "orgUnits/hq"));
  const v1::Customer merged = Create(Hq(), Values("武汉长江光电科技有限公司", "orgUnits/hq"));
  const v1::Customer third = Create(Hq(), Values("武汉长江光电股份有限公司", "orgUnits/hq"));
  v1::MergeCustomersResponse response;
  // A stale etag of the survivor aborts the merge.
  v1::MergeCustomersRequest stale = MergeRequest(survivor, {merged});
  stale.set_etag("\"99\"");
  EXPECT_EQ(Merge(Hq(), stale, &response).code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(Merge(Hq(), MergeRequest(survivor, {merged}), &response).ok());

  v1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(merged.name());
  update.mutable_customer()->set_short_name("长江");
  update.mutable_update_mask()->add_paths("short_name");
  v1::Customer updated;
  const absl::Status frozen =
      status::FromGrpc(stub().UpdateCustomer(env_->As(Hq()).get(), update, &updated));
  // The same answer as a read of it: CUSTOMER_MERGED is always NOT_FOUND.
  EXPECT_EQ(frozen.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(frozen), "CUSTOMER_MERGED");
  EXPECT_EQ(status::GetErrorInfo(frozen)->metadata().at("mergedInto"), survivor.name());
  EXPECT_EQ(Reason(Merge(Hq(), MergeRequest(third, {merged}), &response)), "CUSTOMER_MERGED");
  v1::UnmergeCustomerResponse unmerged;
  EXPECT_EQ(Reason(Unmerge(Hq(), third.name(), &unmerged)), "CUSTOMER_NOT_MERGED");
  // Merged records leave lists and the duplicate search.
  v1::ListCustomersRequest list;
  list.set_filter("name:\"武汉长江光电\"");
  list.set_show_deleted(true);
  v1::ListCustomersResponse listed;
  ASSERT_TRUE(stub().ListCustomers(env_->As(Hq()).get(), list, &listed).ok());
  std::set<std::string> names;
  for (const v1::Customer& customer : listed.customers()) names.insert(customer.name());
  EXPECT_EQ(names, (std::set<std::string>{survivor.name(), third.name()}));
}

}  // namespace
}  // namespace crm::customer
