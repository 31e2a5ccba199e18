// Customer records through the gRPC API, against real PostgreSQL and Redis:
// every method, the data scope, idempotency, etags, validation, history and
// the cache under Redis outages.
#include <algorithm>
#include <cmath>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/principal_signer.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_service_fixture.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerServiceTest;
using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::EastSales;
using ::crm::customer::testing::NewUscc;
using ::crm::customer::testing::StatusText;
using ::crm::customer::testing::WestSales;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TEST_F(CustomerServiceTest, CreateThenGetReturnsTheStoredRecord) {
  v1::Customer values = NewCustomerValues("上海华信能源科技有限公司");
  values.mutable_uscc()->assign(absl::AsciiStrToLower(values.uscc()));  // normalised
  v1::Customer created = Create(EastSales(), values);
  EXPECT_THAT(created.name(), HasSubstr("customers/"));
  EXPECT_EQ(created.display_name(), "上海华信能源科技有限公司");  // defaults to legal name
  EXPECT_EQ(created.uscc(), absl::AsciiStrToUpper(values.uscc()));
  EXPECT_EQ(created.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.state(), v1::Customer::ACTIVE);
  EXPECT_FALSE(created.etag().empty());
  // Every weighted field but the 25 points of contacts (none yet).
  EXPECT_EQ(created.data_completeness(), 75);

  v1::Customer fetched;
  ASSERT_OK(Get(WestSales(), created.name(), &fetched));  // identity is public
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(created, fetched));
}

TEST_F(CustomerServiceTest, BadInputListsEveryFieldAndWritesNothing) {
  v1::CreateCustomerRequest request;
  v1::Customer* customer = request.mutable_customer();
  customer->set_legal_name("");
  customer->set_uscc("91110000600037341X");  // wrong check character
  customer->set_industry("Z");
  customer->set_region("990000");
  customer->add_tags("a\x01");
  const std::string before = env_->QueryValue("SELECT count(*) FROM customer.customers");
  v1::Customer out;
  absl::Status status =
      status::FromGrpc(stub().CreateCustomer(env_->As(EastSales()).get(), request, &out));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(status),
              UnorderedElementsAre("customer.legal_name", "customer.uscc", "customer.industry",
                                   "customer.region", "customer.tags[0]"));
  bool named_expected = false;
  for (const auto& v : status::GetFieldViolations(status)) {
    if (v.field() == "customer.uscc")
      named_expected = v.description().find("'L'") != std::string::npos;
  }
  EXPECT_TRUE(named_expected) << "the USCC message names the expected check character";
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM customer.customers"), before);
}

TEST_F(CustomerServiceTest, DuplicateUsccIsAlreadyExistsNamingTheHolder) {
  v1::Customer first = Create(EastSales());
  v1::Customer again = NewCustomerValues("上海华信能源科技股份有限公司");
  again.set_uscc(first.uscc());
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = again;
  v1::Customer out;
  absl::Status status =
      status::FromGrpc(stub().CreateCustomer(env_->As(WestSales()).get(), request, &out));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(status::GetErrorInfo(status).has_value());
  EXPECT_EQ(status::GetErrorInfo(status)->reason(), "USCC_ALREADY_REGISTERED");
  EXPECT_EQ(status::GetErrorInfo(status)->metadata().at("existingCustomer"), first.name());
  EXPECT_EQ(status::GetErrorInfo(status)->metadata().at("ownerOrgUnit"), "orgUnits/sub-east");
}

TEST_F(CustomerServiceTest, SameRequestIdReturnsTheFirstResponseAndCreatesOnce) {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = NewCustomerValues("杭州鑫源建材有限公司");
  request.set_request_id("7b0f8a6e-2f1c-4c4e-9a57-0c1d2e3f4a5b");
  v1::Customer first, second;
  ASSERT_OK(stub().CreateCustomer(env_->As(EastSales()).get(), request, &first));
  ASSERT_OK(stub().CreateCustomer(env_->As(EastSales()).get(), request, &second));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, second));
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM customer.customers WHERE uscc = '",
                                         request.customer().uscc(), "'")),
            "1");

  // The same id with another body is refused, not silently replayed.
  request.mutable_customer()->set_legal_name("杭州鑫源建材股份有限公司");
  v1::Customer third;
  absl::Status reused =
      status::FromGrpc(stub().CreateCustomer(env_->As(EastSales()).get(), request, &third));
  EXPECT_EQ(reused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status::GetErrorInfo(reused)->reason(), "REQUEST_ID_REUSED");
}

TEST_F(CustomerServiceTest, ConcurrentRetriesOfOneRequestIdCreateOneCustomer) {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = NewCustomerValues("苏州恒达机械制造有限公司");
  request.set_request_id("c0ncurrent-retry-1");
  std::vector<std::thread> threads;
  std::vector<std::string> names(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      v1::Customer out;
      if (stub().CreateCustomer(env_->As(EastSales()).get(), request, &out).ok()) {
        names[i] = out.name();
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::set<std::string> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), 1u) << "every retry got the same customer";
  EXPECT_FALSE(distinct.begin()->empty());
}

TEST_F(CustomerServiceTest, EtagConflictIsAbortedAndOnlyOneConcurrentUpdateWins) {
  v1::Customer created = Create(EastSales());
  v1::Customer change = created;
  change.set_short_name("华信能源");
  v1::Customer updated;
  ASSERT_OK(Update(EastSales(), change, {"short_name"}, &updated));
  EXPECT_NE(updated.etag(), created.etag());

  // The old etag is stale now.
  change.set_short_name("华信能源科技");
  absl::Status stale = Update(EastSales(), change, {"short_name"}, &updated);
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(status::GetErrorInfo(stale)->reason(), "ETAG_MISMATCH");

  // Eight writers with the same fresh etag: exactly one wins.
  v1::Customer fresh;
  ASSERT_OK(Get(EastSales(), created.name(), &fresh));
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::Customer mine = fresh, out;
      mine.set_short_name(crm::StrCat("华信", i));
      absl::Status s = Update(EastSales(), mine, {"short_name"}, &out);
      if (s.ok()) ++ok;
      if (s.code() == absl::StatusCode::kAborted) ++aborted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
}

TEST_F(CustomerServiceTest, UpdateMaskIsAllowListed) {
  v1::Customer created = Create(EastSales());
  v1::Customer change = created;
  change.set_owner_org_unit("orgUnits/sub-west");
  v1::Customer out;
  absl::Status status = Update(EastSales(), change, {"owner_org_unit", "state"}, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(status), ElementsAre("update_mask"));
  EXPECT_EQ(status::GetFieldViolations(status).size(), 2u);
}

TEST_F(CustomerServiceTest, OtherSubsidiaryCannotChangeButCanSee) {
  v1::Customer created = Create(EastSales());
  v1::Customer change = created, out;
  change.set_short_name("抢客户");
  absl::Status denied = Update(WestSales(), change, {"short_name"}, &out);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status::GetErrorInfo(denied)->reason(), "OUT_OF_DATA_SCOPE");
  // Nothing changed.
  v1::Customer now;
  ASSERT_OK(Get(WestSales(), created.name(), &now));
  EXPECT_EQ(now.etag(), created.etag());
  // HQ may.
  ASSERT_OK(Update(CustomerTestEnv::Hq(), change, {"short_name"}, &out));
  EXPECT_EQ(out.short_name(), "抢客户");
  // A viewer may not change even its own org unit's customers.
  absl::Status viewer =
      Update(CustomerTestEnv::WithRoles("v", "sub-east", {"viewer"}), out, {"short_name"}, &out);
  EXPECT_EQ(viewer.code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(CustomerServiceTest, AccountTeamMembershipGrantsScope) {
  v1::Customer created = Create(EastSales());
  v1::AddAccountTeamMemberRequest add;
  add.set_name(created.name());
  add.mutable_member()->set_org_unit("orgUnits/sub-west");
  add.mutable_member()->set_role("delivery");
  v1::Customer with_team;
  // West cannot add itself.
  EXPECT_EQ(stub().AddAccountTeamMember(env_->As(WestSales()).get(), add, &with_team).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_OK(stub().AddAccountTeamMember(env_->As(EastSales()).get(), add, &with_team));
  ASSERT_EQ(with_team.account_team_size(), 1);
  EXPECT_EQ(with_team.account_team(0).org_unit(), "orgUnits/sub-west");
  // Now West serves the customer and may change it.
  v1::Customer change = with_team, out;
  change.set_short_name("西区协同");
  EXPECT_TRUE(Update(WestSales(), change, {"short_name"}, &out).ok());
  // But it cannot hand the customer over: only the owner or HQ can.
  v1::SetCustomerOwnerRequest set_owner;
  set_owner.set_name(created.name());
  set_owner.set_owner_org_unit("orgUnits/sub-west");
  absl::Status taken =
      status::FromGrpc(stub().SetCustomerOwner(env_->As(WestSales()).get(), set_owner, &out));
  EXPECT_EQ(taken.code(), absl::StatusCode::kPermissionDenied);
  ASSERT_OK(stub().SetCustomerOwner(env_->As(EastSales()).get(), set_owner, &out));
  EXPECT_EQ(out.owner_org_unit(), "orgUnits/sub-west");

  v1::RemoveAccountTeamMemberRequest remove;
  remove.set_name(created.name());
  remove.set_org_unit("orgUnits/sub-west");
  ASSERT_OK(stub().RemoveAccountTeamMember(env_->As(WestSales()).get(), remove, &out));
  EXPECT_EQ(out.account_team_size(), 0);
  EXPECT_EQ(stub().RemoveAccountTeamMember(env_->As(WestSales()).get(), remove, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CustomerServiceTest, MissingForgedOrExpiredPrincipalIsUnauthenticated) {
  v1::Customer created = Create(EastSales());
  v1::GetCustomerRequest request;
  request.set_name(created.name());
  v1::Customer out;

  grpc::ClientContext none;
  EXPECT_EQ(stub().GetCustomer(&none, request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  grpc::ClientContext forged;
  auth::PrincipalSigner wrong_key("not-the-service-key-0123456789");
  auth::AttachPrincipal(forged, wrong_key, CustomerTestEnv::Hq());
  EXPECT_EQ(stub().GetCustomer(&forged, request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  auth::v1::Principal expired = CustomerTestEnv::Hq();
  expired.mutable_expire_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) - 3600);
  EXPECT_EQ(stub().GetCustomer(env_->As(expired).get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CustomerServiceTest, DeleteHidesFromListAndUndeleteRestores) {
  v1::Customer values = NewCustomerValues("成都蜀光电子有限公司");
  values.add_tags("delete-test");
  v1::Customer created = Create(EastSales(), values);
  v1::DeleteCustomerRequest del;
  del.set_name(created.name());
  del.set_etag(created.etag());
  v1::Customer deleted;
  ASSERT_OK(stub().DeleteCustomer(env_->As(EastSales()).get(), del, &deleted));
  EXPECT_EQ(deleted.state(), v1::Customer::DELETED);
  EXPECT_TRUE(deleted.has_delete_time());

  v1::ListCustomersRequest list;
  list.set_filter("tags:\"delete-test\"");
  v1::ListCustomersResponse listed;
  ASSERT_OK(stub().ListCustomers(env_->As(EastSales()).get(), list, &listed));
  EXPECT_EQ(listed.customers_size(), 0);
  list.set_show_deleted(true);
  ASSERT_OK(stub().ListCustomers(env_->As(EastSales()).get(), list, &listed));
  EXPECT_EQ(listed.customers_size(), 1);

  v1::Customer change = deleted, out;
  change.set_short_name("x");
  EXPECT_EQ(Update(EastSales(), change, {"short_name"}, &out).code(),
            absl::StatusCode::kFailedPrecondition);

  v1::UndeleteCustomerRequest undelete;
  undelete.set_name(created.name());
  v1::Customer restored;
  ASSERT_OK(stub().UndeleteCustomer(env_->As(EastSales()).get(), undelete, &restored));
  EXPECT_EQ(restored.state(), v1::Customer::ACTIVE);
  EXPECT_FALSE(restored.has_delete_time());
}

TEST_F(CustomerServiceTest, ListFiltersAndPagesWithoutDuplicates) {
  std::set<std::string> created;
  for (int i = 0; i < 7; ++i) {
    v1::Customer values = NewCustomerValues(crm::StrCat("广州分页测试", i, "号有限公司"));
    values.add_tags("page-test");
    values.set_region(i % 2 == 0 ? "440106" : "440305");
    created.insert(Create(EastSales(), values).name());
  }
  v1::ListCustomersRequest request;
  request.set_filter("tags:\"page-test\" AND name:\"分页测试\"");
  request.set_page_size(3);
  std::set<std::string> seen;
  int pages = 0;
  do {
    v1::ListCustomersResponse page;
    ASSERT_OK(stub().ListCustomers(env_->As(WestSales()).get(), request, &page));
    for (const auto& c : page.customers()) EXPECT_TRUE(seen.insert(c.name()).second);
    request.set_page_token(page.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);

  v1::ListCustomersRequest prefix;
  prefix.set_filter("tags:\"page-test\" AND region = \"4401*\"");
  v1::ListCustomersResponse by_region;
  ASSERT_OK(stub().ListCustomers(env_->As(WestSales()).get(), prefix, &by_region));
  EXPECT_EQ(by_region.customers_size(), 4);

  // A token belongs to its query.
  v1::ListCustomersRequest first;
  first.set_filter("tags:\"page-test\"");
  first.set_page_size(2);
  v1::ListCustomersResponse page;
  ASSERT_OK(stub().ListCustomers(env_->As(WestSales()).get(), first, &page));
  ASSERT_FALSE(page.next_page_token().empty());
  v1::ListCustomersRequest other = first;
  other.set_filter("industry = \"C\"");
  other.set_page_token(page.next_page_token());
  absl::Status foreign =
      status::FromGrpc(stub().ListCustomers(env_->As(WestSales()).get(), other, &page));
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(foreign), ElementsAre("page_token"));

  v1::ListCustomersRequest bad;
  bad.set_page_size(-1);
  bad.set_filter("phone = \"1\"");
  absl::Status invalid =
      status::FromGrpc(stub().ListCustomers(env_->As(WestSales()).get(), bad, &page));
  EXPECT_THAT(ViolationFields(invalid), UnorderedElementsAre("page_size", "filter"));
}

TEST_F(CustomerServiceTest, BatchGetKeepsOrderAndIsAllOrNothing) {
  v1::Customer a = Create(EastSales()), b = Create(WestSales());
  v1::BatchGetCustomersRequest request;
  request.add_names(b.name());
  request.add_names(a.name());
  v1::BatchGetCustomersResponse response;
  ASSERT_OK(stub().BatchGetCustomers(env_->As(EastSales()).get(), request, &response));
  ASSERT_EQ(response.customers_size(), 2);
  EXPECT_EQ(response.customers(0).name(), b.name());
  EXPECT_EQ(response.customers(1).name(), a.name());

  request.add_names("customers/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub().BatchGetCustomers(env_->As(EastSales()).get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::BatchGetCustomersRequest too_many;
  for (int i = 0; i < 1001; ++i) too_many.add_names(a.name());
  EXPECT_EQ(stub().BatchGetCustomers(env_->As(EastSales()).get(), too_many, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CustomerServiceTest, LookupAndUpsertByExternalReferenceNeverDuplicate) {
  auth::v1::Principal erp = CustomerTestEnv::WithRoles("erp-sap", "sub-east", {"integration"});
  v1::UpsertCustomerByExternalReferenceRequest upsert;
  upsert.mutable_external_reference()->set_source_system("erp-sap");
  upsert.mutable_external_reference()->set_source_id("C-100234");
  *upsert.mutable_customer() = NewCustomerValues("南京长江钢铁有限公司");
  v1::UpsertCustomerByExternalReferenceResponse response;
  ASSERT_OK(stub().UpsertCustomerByExternalReference(env_->As(erp).get(), upsert, &response));
  EXPECT_EQ(response.outcome(), v1::UpsertCustomerByExternalReferenceResponse::CREATED);
  const std::string name = response.customer().name();

  ASSERT_OK(stub().UpsertCustomerByExternalReference(env_->As(erp).get(), upsert, &response));
  EXPECT_EQ(response.outcome(), v1::UpsertCustomerByExternalReferenceResponse::UNCHANGED);
  upsert.mutable_customer()->set_short_name("长江钢铁");
  ASSERT_OK(stub().UpsertCustomerByExternalReference(env_->As(erp).get(), upsert, &response));
  EXPECT_EQ(response.outcome(), v1::UpsertCustomerByExternalReferenceResponse::UPDATED);
  EXPECT_EQ(response.customer().name(), name);
  EXPECT_EQ(response.customer().short_name(), "长江钢铁");

  // Another system's id for the same USCC links to the same golden record.
  v1::UpsertCustomerByExternalReferenceRequest oa = upsert;
  oa.mutable_external_reference()->set_source_system("oa");
  oa.mutable_external_reference()->set_source_id("K-7");
  ASSERT_OK(stub().UpsertCustomerByExternalReference(env_->As(erp).get(), oa, &response));
  EXPECT_EQ(response.customer().name(), name);
  EXPECT_EQ(response.customer().external_references_size(), 2);

  v1::LookupCustomerRequest lookup;
  lookup.mutable_external_reference()->set_source_system("oa");
  lookup.mutable_external_reference()->set_source_id("K-7");
  v1::Customer found;
  ASSERT_OK(stub().LookupCustomer(env_->As(WestSales()).get(), lookup, &found));
  EXPECT_EQ(found.name(), name);
  lookup.set_uscc(upsert.customer().uscc());
  ASSERT_OK(stub().LookupCustomer(env_->As(WestSales()).get(), lookup, &found));
  EXPECT_EQ(found.name(), name);
  lookup.set_uscc(NewUscc());
  EXPECT_EQ(stub().LookupCustomer(env_->As(WestSales()).get(), lookup, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CustomerServiceTest, HistoryRecordsFieldChangesWithMaskedPersonalInfo) {
  v1::Customer created = Create(EastSales());
  v1::Customer change = created, out;
  change.set_industry("D");
  ASSERT_OK(Update(EastSales(), change, {"industry"}, &out));
  CreateContact(EastSales(), created.name());

  v1::ListCustomerHistoryRequest request;
  request.set_parent(created.name());
  request.set_page_size(100);
  v1::ListCustomerHistoryResponse response;
  ASSERT_OK(stub().ListCustomerHistory(env_->As(EastSales()).get(), request, &response));
  bool industry = false, phone = false;
  // The create is one entry: no field, the initial values as a JSON object.
  std::vector<v1::HistoryEntry> creations;
  for (const auto& entry : response.entries()) {
    if (entry.method() == "CreateCustomer") creations.push_back(entry);
  }
  ASSERT_EQ(creations.size(), 1u);
  EXPECT_EQ(creations[0].field(), "");
  EXPECT_EQ(creations[0].old_value(), "");
  EXPECT_EQ(creations[0].resource(), created.name());
  EXPECT_EQ(creations[0].new_value(),
            crm::StrCat(R"({"display_name":")", created.display_name(), R"(","legal_name":")",
                        created.legal_name(), R"(","short_name":"华信","uscc":")", created.uscc(),
                        R"(","industry":"C","region":"310115","ownership_type":"PRIVATE",)",
                        R"("size_band":"LARGE","state":"ACTIVE",)",
                        R"("owner_org_unit":"orgUnits/sub-east","tags":"战略客户"})"));
  for (const auto& entry : response.entries()) {
    if (entry.field() == "industry" && entry.method() == "UpdateCustomer") {
      industry = entry.old_value() == "C" && entry.new_value() == "D" &&
                 entry.actor() == "users/li.si" && entry.actor_org_unit() == "orgUnits/sub-east";
    }
    if (entry.field() == "phone") phone = entry.new_value() == "138****5678";
  }
  EXPECT_TRUE(industry);
  EXPECT_TRUE(phone);
  EXPECT_EQ(
      stub().ListCustomerHistory(env_->As(WestSales()).get(), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // Pages: newest first, no overlap.
  request.set_page_size(2);
  v1::ListCustomerHistoryResponse first, second;
  ASSERT_OK(stub().ListCustomerHistory(env_->As(EastSales()).get(), request, &first));
  request.set_page_token(first.next_page_token());
  ASSERT_OK(stub().ListCustomerHistory(env_->As(EastSales()).get(), request, &second));
  ASSERT_EQ(first.entries_size(), 2);
  ASSERT_GT(second.entries_size(), 0);
  EXPECT_GE(first.entries(1).time().seconds(), second.entries(0).time().seconds());
}

TEST_F(CustomerServiceTest, CacheIsNeverStaleAcrossWritesAndRedisOutages) {
  v1::Customer created = Create(EastSales());
  v1::Customer read;
  ASSERT_OK(Get(EastSales(), created.name(), &read));  // warms the cache
  ASSERT_OK(Get(EastSales(), created.name(), &read));

  v1::Customer change = read, out;
  change.set_short_name("第一次修改");
  ASSERT_OK(Update(EastSales(), change, {"short_name"}, &out));
  ASSERT_OK(Get(EastSales(), created.name(), &read));
  EXPECT_EQ(read.short_name(), "第一次修改");

  // Redis hangs: the update's invalidation cannot reach it.
  env_->redis().Pause();
  change = read;
  change.set_short_name("Redis 挂起时修改");
  ASSERT_OK(Update(EastSales(), change, {"short_name"}, &out));
  ASSERT_OK(Get(EastSales(), created.name(), &read));
  EXPECT_EQ(read.short_name(), "Redis 挂起时修改");
  // Redis returns still holding the old entry: it must never be served.
  env_->redis().Resume();
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(Get(EastSales(), created.name(), &read));
    ASSERT_EQ(read.short_name(), "Redis 挂起时修改") << "stale read after Redis returned";
    absl::SleepFor(absl::Milliseconds(100));
  }

  // Redis down: reads and writes still succeed from PostgreSQL.
  env_->redis().Stop();
  change = read;
  change.set_short_name("Redis 停止时修改");
  ASSERT_OK(Update(EastSales(), change, {"short_name"}, &out));
  ASSERT_OK(Get(EastSales(), created.name(), &read));
  EXPECT_EQ(read.short_name(), "Redis 停止时修改");
  v1::Customer another = Create(EastSales());
  EXPECT_FALSE(another.name().empty());
  ASSERT_OK(env_->redis().Restart());
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(Get(EastSales(), created.name(), &read));
    ASSERT_EQ(read.short_name(), "Redis 停止时修改");
    absl::SleepFor(absl::Milliseconds(100));
  }
}

// Errors quote a bounded prefix of any input: a 10,000-character value once
// came back whole in the trailers and the client refused them as
// RESOURCE_EXHAUSTED ("received initial metadata size exceeds limit").
TEST_F(CustomerServiceTest, LongValuesAreInvalidArgumentWithShortErrors) {
  const std::string long_value(10000, '7');
  auto expect_short = [](const absl::Status& status, const std::string& field) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << StatusText(status);
    EXPECT_LT(status.message().size(), 300u);
    const auto violations = status::GetFieldViolations(status);
    ASSERT_FALSE(violations.empty()) << StatusText(status);
    bool named = false;
    for (const auto& v : violations) {
      EXPECT_LT(v.description().size(), 300u) << v.field();
      named = named || v.field() == field;
    }
    EXPECT_TRUE(named) << field << " not named: " << StatusText(status);
  };
  for (const char* field : {"industry", "region", "owner_org_unit"}) {
    v1::CreateCustomerRequest request;
    *request.mutable_customer() = NewCustomerValues("上海长值测试科技有限公司");
    const auto* descriptor = request.customer().GetDescriptor()->FindFieldByName(field);
    request.mutable_customer()->GetReflection()->SetString(request.mutable_customer(), descriptor,
                                                           long_value);
    v1::Customer created;
    expect_short(
        status::FromGrpc(stub().CreateCustomer(env_->As(EastSales()).get(), request, &created)),
        crm::StrCat("customer.", field));
  }
  v1::ListCustomersRequest list;
  list.set_order_by(long_value);
  v1::ListCustomersResponse listed;
  const absl::Status order_by =
      status::FromGrpc(stub().ListCustomers(env_->As(EastSales()).get(), list, &listed));
  EXPECT_EQ(order_by.code(), absl::StatusCode::kInvalidArgument) << StatusText(order_by);
  EXPECT_LT(order_by.message().size() + status::GetFieldViolations(order_by).size() * 300, 2000u);

  v1::Customer fetched;
  expect_short(Get(EastSales(), "customers/" + long_value, &fetched), "name");

  v1::AddAccountTeamMemberRequest member;
  member.set_name(Create(EastSales()).name());
  member.mutable_member()->set_org_unit("orgUnits/sub-east");
  member.mutable_member()->set_user("users/" + long_value);
  member.mutable_member()->set_role("delivery");
  v1::Customer changed;
  expect_short(
      status::FromGrpc(stub().AddAccountTeamMember(env_->As(EastSales()).get(), member, &changed)),
      "member.user");
}

TEST_F(CustomerServiceTest, BatchGetWithNoNamesIsInvalidArgument) {
  v1::BatchGetCustomersRequest request;
  v1::BatchGetCustomersResponse response;
  const absl::Status status =
      status::FromGrpc(stub().BatchGetCustomers(env_->As(EastSales()).get(), request, &response));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << StatusText(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("names"));
}

// One USCC rule everywhere: lowercase letters and full-width characters are
// folded by NormalizeUscc on create, update, lookup and duplicate search.
TEST_F(CustomerServiceTest, UsccIsNormalisedTheSameWayOnEveryPath) {
  v1::Customer values_with_letter = NewCustomerValues("上海归一测试科技有限公司");
  // Test codes are random; take one whose letters can be lower-cased.
  for (int i = 0;
       i < 1000 && absl::AsciiStrToLower(values_with_letter.uscc()) == values_with_letter.uscc();
       ++i) {
    values_with_letter.set_uscc(NewUscc());
  }
  const v1::Customer created = Create(EastSales(), values_with_letter);
  const std::string lower = absl::AsciiStrToLower(created.uscc());
  ASSERT_NE(lower, created.uscc()) << "the test needs a code with a letter";

  // Updating to the lowercase form of its own code changes nothing.
  v1::Customer values;
  values.set_name(created.name());
  values.set_uscc(lower);
  v1::Customer updated;
  ASSERT_OK(Update(EastSales(), values, {"uscc"}, &updated));
  EXPECT_EQ(updated.uscc(), created.uscc());
  EXPECT_EQ(updated.etag(), created.etag()) << "a no-op update must not bump the version";

  // Full-width digits and letters find the same customer.
  std::string full_width;
  for (char c : lower) {
    const char32_t wide = static_cast<char32_t>(c) + 0xFEE0;
    full_width += static_cast<char>(0xE0 | (wide >> 12));
    full_width += static_cast<char>(0x80 | ((wide >> 6) & 0x3F));
    full_width += static_cast<char>(0x80 | (wide & 0x3F));
  }
  for (const std::string& form : {lower, full_width}) {
    v1::LookupCustomerRequest lookup;
    lookup.set_uscc(form);
    v1::Customer found;
    ASSERT_OK(status::FromGrpc(stub().LookupCustomer(env_->As(EastSales()).get(), lookup, &found)));
    EXPECT_EQ(found.name(), created.name());

    v1::SearchDuplicatesRequest search;
    search.mutable_customer()->set_uscc(form);
    v1::SearchDuplicatesResponse matches;
    ASSERT_OK(
        status::FromGrpc(stub().SearchDuplicates(env_->As(EastSales()).get(), search, &matches)));
    bool matched = false;
    for (const auto& match : matches.matches()) {
      matched = matched || match.customer() == created.name();
    }
    EXPECT_TRUE(matched) << "SearchDuplicates by " << form << " did not find its customer";
  }
}

TEST_F(CustomerServiceTest, SearchDuplicatesRefusesABadUsccOrMinScore) {
  v1::SearchDuplicatesRequest bad_uscc;
  bad_uscc.mutable_customer()->set_uscc("91310115MA1K4C8X7Z");  // wrong check character
  v1::SearchDuplicatesResponse response;
  absl::Status status =
      status::FromGrpc(stub().SearchDuplicates(env_->As(EastSales()).get(), bad_uscc, &response));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << StatusText(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("customer.uscc"));

  for (double score : {std::nan(""), 1.5, -0.1}) {
    v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name("上海华信能源科技有限公司");
    request.set_min_score(score);
    status =
        status::FromGrpc(stub().SearchDuplicates(env_->As(EastSales()).get(), request, &response));
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << score;
    EXPECT_THAT(ViolationFields(status), ElementsAre("min_score")) << score;
  }
}

TEST_F(CustomerServiceTest, ChangeFeedRefusesStartTimesOutsideTheTimestampRangeOrBefore1970) {
  struct Case {
    int64_t seconds;
    int32_t nanos;
  };
  for (const Case& c : {Case{253'402'300'800, 0},  // 10000-01-01
                        Case{-62'135'596'801, 0},  // before 0001-01-01
                        Case{-86'400, 0},          // 1969-12-31
                        Case{0, -1}, Case{0, 2'000'000'000}}) {
    v1::ListCustomerChangesRequest request;
    request.mutable_start_time()->set_seconds(c.seconds);
    request.mutable_start_time()->set_nanos(c.nanos);
    v1::ListCustomerChangesResponse response;
    const absl::Status status = status::FromGrpc(
        stub().ListCustomerChanges(env_->As(CustomerTestEnv::Hq()).get(), request, &response));
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << c.seconds << "." << c.nanos << ": " << StatusText(status);
    EXPECT_THAT(ViolationFields(status), ElementsAre("start_time"));
  }
  v1::ListCustomerChangesRequest epoch;
  epoch.mutable_start_time()->set_seconds(0);
  v1::ListCustomerChangesResponse response;
  ASSERT_OK(status::FromGrpc(
      stub().ListCustomerChanges(env_->As(CustomerTestEnv::Hq()).get(), epoch, &response)));
}

// Names follow the suite's one rule set (libs/names): an upper-case UUID,
// which the hierarchy accepts, names the same customer here; a user id the
// gateway creates (up to 64 characters) is a user here too.
TEST_F(CustomerServiceTest, UpperCaseUuidsAndUserIdsOfUpTo64CharactersAreAccepted) {
  v1::Customer created = Create(EastSales());
  v1::GetCustomerRequest get;
  get.set_name(absl::StrCat("customers/",
                            absl::AsciiStrToUpper(created.name().substr(strlen("customers/")))));
  ASSERT_NE(get.name(), created.name());
  v1::Customer read;
  ASSERT_OK(stub().GetCustomer(env_->As(EastSales()).get(), get, &read));
  EXPECT_EQ(read.name(), created.name());

  const std::string user = absl::StrCat("users/", std::string(64, 'u'));
  v1::AddAccountTeamMemberRequest add;
  add.set_name(created.name());
  add.mutable_member()->set_org_unit("orgUnits/sub-east");
  add.mutable_member()->set_user(user);
  add.mutable_member()->set_role("sales");
  v1::Customer out;
  ASSERT_OK(stub().AddAccountTeamMember(env_->As(EastSales()).get(), add, &out));
  v1::RemoveAccountTeamMemberRequest remove;
  remove.set_name(created.name());
  remove.set_org_unit("orgUnits/sub-east");
  remove.set_user(user);
  ASSERT_OK(stub().RemoveAccountTeamMember(env_->As(EastSales()).get(), remove, &out));
  EXPECT_EQ(out.account_team_size(), 0);
  remove.set_user(absl::StrCat(user, "u"));
  EXPECT_EQ(stub().RemoveAccountTeamMember(env_->As(EastSales()).get(), remove, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "65 characters is not a user id anywhere";
}

}  // namespace
}  // namespace crm::customer
