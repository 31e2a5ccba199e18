// ImportCustomers through its gRPC API, against real PostgreSQL and Redis:
// a file-sized import with bad rows among good ones, re-imports (unchanged,
// then changed values), rows of one batch that depend on each other, the
// data scope and the roles allowed, and the contacts a row carries.
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::HasSubstr;
using Outcome = v1::ImportRowResult;

std::string StatusText(const grpc::Status& s) { return status::FromGrpc(s).ToString(); }

// What one import call returned.
struct ImportReply {
  grpc::Status status;
  std::map<int64_t, v1::ImportRowResult> results;  // by row_number
  int messages = 0;
};

class ImportCustomersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("import_customers");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "environment failed to start"; }

  static v1::CustomerService::Stub& stub() { return env_->stub(); }

  // The ERP account of sub-east: integration role, sub-east's data scope.
  static auth::v1::Principal Erp() {
    return CustomerTestEnv::WithRoles("erp.east", "sub-east", {"integration"});
  }

  static std::string Count(const std::string& sql) { return env_->QueryValue(sql); }

  // Streams `rows` in messages of `per_message` rows while a second thread
  // reads the results, as a client must (the server reads on only after its
  // results went out).
  static ImportReply Import(const auth::v1::Principal& principal,
                            const std::vector<v1::ImportRow>& rows, int per_message = 1000) {
    ImportReply reply;
    std::unique_ptr<grpc::ClientContext> context = env_->As(principal);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    auto stream = stub().ImportCustomers(context.get());
    std::thread writer([&] {
      for (size_t i = 0; i < rows.size(); i += per_message) {
        v1::ImportCustomersRequest request;
        for (size_t j = i; j < std::min(rows.size(), i + per_message); ++j) {
          *request.add_rows() = rows[j];
        }
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    v1::ImportCustomersResponse response;
    while (stream->Read(&response)) {
      ++reply.messages;
      for (const v1::ImportRowResult& result : response.results()) {
        EXPECT_TRUE(reply.results.emplace(result.row_number(), result).second)
            << "two results for row " << result.row_number();
      }
    }
    writer.join();
    reply.status = stream->Finish();
    return reply;
  }

  static v1::ImportRow Row(int64_t row_number, const std::string& source_id,
                           const std::string& legal_name, const std::string& uscc) {
    v1::ImportRow row;
    row.set_row_number(row_number);
    row.mutable_external_reference()->set_source_system("erp-sap");
    row.mutable_external_reference()->set_source_id(source_id);
    v1::Customer& customer = *row.mutable_customer();
    customer.set_legal_name(legal_name);
    customer.set_short_name("导入");
    customer.set_uscc(uscc);
    customer.set_industry("C");
    customer.set_region("310115");
    customer.set_ownership_type(v1::PRIVATE);
    customer.set_size_band(v1::MEDIUM);
    customer.add_tags("ERP");
    return row;
  }

  // A customer linked to erp-sap:`source_id`, created by `principal`.
  static v1::Customer Existing(const auth::v1::Principal& principal, const std::string& source_id,
                               const std::string& legal_name, const std::string& uscc) {
    v1::UpsertCustomerByExternalReferenceRequest request;
    request.mutable_external_reference()->set_source_system("erp-sap");
    request.mutable_external_reference()->set_source_id(source_id);
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(uscc);
    v1::UpsertCustomerByExternalReferenceResponse response;
    grpc::Status s =
        stub().UpsertCustomerByExternalReference(env_->As(principal).get(), request, &response);
    EXPECT_TRUE(s.ok()) << StatusText(s);
    return response.customer();
  }

  static absl::StatusOr<v1::Customer> Lookup(const std::string& source_id) {
    v1::LookupCustomerRequest request;
    request.mutable_external_reference()->set_source_system("erp-sap");
    request.mutable_external_reference()->set_source_id(source_id);
    v1::Customer customer;
    grpc::Status s =
        stub().LookupCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, &customer);
    if (!s.ok()) return status::FromGrpc(s);
    return customer;
  }

  static std::string FirstViolation(const v1::ImportRowResult& result) {
    if (result.violations().empty()) return "";
    return crm::StrCat(result.violations(0).field(), " | ", result.violations(0).description());
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

std::string BadCheckCharacter(const std::string& uscc) {
  std::string bad = uscc;
  bad.back() = bad.back() == '0' ? '1' : '0';
  return bad;
}

TEST_F(ImportCustomersTest, FileWithBadRowsWritesTheGoodOnesAndAnswersEveryRow) {
  const auth::v1::Principal east = CustomerTestEnv::Sales("wang.wu", "sub-east");
  const std::string linked_uscc = NewUscc();
  const v1::Customer by_uscc =
      Existing(east, "file-existing-1", "上海申联实业有限公司", linked_uscc);
  const std::string other_uscc = NewUscc();
  const v1::Customer held = Existing(east, "file-existing-2", "上海申和实业有限公司", other_uscc);
  const v1::Customer north = Existing(CustomerTestEnv::Sales("li.si", "sub-north"), "file-north",
                                      "北方重工有限公司", NewUscc());
  const std::string history_before =
      Count("SELECT count(*) FROM customer.history WHERE method = 'ImportCustomers'");

  constexpr int kRows = 2500;
  std::vector<v1::ImportRow> rows;
  for (int i = 1; i <= kRows; ++i) {
    rows.push_back(
        Row(i, crm::StrCat("file-", i), crm::StrCat("上海导入测试", i, "号有限公司"), NewUscc()));
  }
  rows[9].mutable_customer()->set_uscc(BadCheckCharacter(rows[9].customer().uscc()));
  rows[19].mutable_customer()->clear_legal_name();
  // Row 31: the reference of one customer with the USCC of another.
  rows[30].mutable_external_reference()->set_source_id("file-existing-2");
  rows[30].mutable_customer()->set_uscc(linked_uscc);
  // Row 41: a customer of sub-north, out of sub-east's scope.
  rows[40].mutable_external_reference()->set_source_id("file-north");
  // Row 51: a new reference for a customer already registered by USCC.
  rows[50].mutable_customer()->set_uscc(linked_uscc);

  const ImportReply reply = Import(Erp(), rows, 300);
  ASSERT_TRUE(reply.status.ok()) << StatusText(reply.status);
  ASSERT_EQ(reply.results.size(), static_cast<size_t>(kRows));
  EXPECT_GE(reply.messages, 2) << "results stream back batch by batch";

  EXPECT_EQ(reply.results.at(10).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(10)), HasSubstr("customer.uscc"));
  EXPECT_EQ(reply.results.at(20).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(20)), HasSubstr("customer.legal_name"));
  EXPECT_EQ(reply.results.at(31).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(31)), HasSubstr("customer.uscc"));
  EXPECT_THAT(FirstViolation(reply.results.at(31)), HasSubstr(by_uscc.name()));
  EXPECT_EQ(reply.results.at(41).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(41)), HasSubstr("outside your data scope"));
  EXPECT_EQ(reply.results.at(51).outcome(), Outcome::UPDATED);
  EXPECT_EQ(reply.results.at(51).customer(), by_uscc.name());
  int created = 0;
  for (const auto& [number, result] : reply.results) {
    if (result.outcome() == Outcome::CREATED) {
      ++created;
      EXPECT_TRUE(result.violations().empty());
      EXPECT_THAT(result.customer(), HasSubstr("customers/"));
    }
  }
  EXPECT_EQ(created, kRows - 5);

  // Rejected rows wrote nothing.
  EXPECT_EQ(Count("SELECT count(*) FROM customer.external_references WHERE source_id IN "
                  "('file-10', 'file-20', 'file-31', 'file-41')"),
            "0");
  absl::StatusOr<v1::Customer> held_now = Lookup("file-existing-2");
  ASSERT_TRUE(held_now.ok()) << held_now.status();
  EXPECT_EQ(held_now->uscc(), other_uscc);
  EXPECT_EQ(held_now->etag(), held.etag());
  absl::StatusOr<v1::Customer> north_now = Lookup("file-north");
  ASSERT_TRUE(north_now.ok()) << north_now.status();
  EXPECT_EQ(north_now->legal_name(), "北方重工有限公司");
  EXPECT_EQ(north_now->etag(), north.etag());

  // Good rows are readable by reference and by name, as a create writes them.
  absl::StatusOr<v1::Customer> first = Lookup("file-1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->name(), reply.results.at(1).customer());
  EXPECT_EQ(first->legal_name(), "上海导入测试1号有限公司");
  EXPECT_EQ(first->display_name(), "上海导入测试1号有限公司");
  EXPECT_EQ(first->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(first->tags(), ::testing::ElementsAre("ERP"));
  EXPECT_EQ(first->data_completeness(), 75);  // no contacts yet
  v1::GetCustomerRequest get;
  get.set_name(reply.results.at(2500).customer());
  v1::Customer last;
  ASSERT_TRUE(stub().GetCustomer(env_->As(Erp()).get(), get, &last).ok());
  EXPECT_EQ(last.legal_name(), "上海导入测试2500号有限公司");
  absl::StatusOr<v1::Customer> linked = Lookup("file-51");
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->name(), by_uscc.name());
  EXPECT_EQ(linked->legal_name(), "上海导入测试51号有限公司");
  EXPECT_EQ(linked->external_references_size(), 2);

  // What every write writes: history, change feed, match keys.
  const std::string imported =
      "SELECT customer_id FROM customer.external_references WHERE source_id LIKE 'file-%' "
      "AND source_id NOT LIKE 'file-existing%' AND source_id <> 'file-north' "
      "AND source_id <> 'file-51'";
  EXPECT_EQ(Count(crm::StrCat("SELECT count(DISTINCT customer_id) FROM customer.changes "
                              "WHERE type = 1 AND version = 1 AND customer_id IN (",
                              imported, ")")),
            crm::StrCat(kRows - 5));
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.changes WHERE type = 2 AND "
                              "customer_id = '",
                              by_uscc.name().substr(10), "'")),
            "1");
  EXPECT_NE(Count(crm::StrCat("SELECT count(*) FROM customer.history WHERE method = "
                              "'ImportCustomers'")),
            history_before);
  // A created customer's history is one entry holding its initial values.
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.history "
                              "WHERE method = 'ImportCustomers' AND actor = 'users/erp.east' "
                              "AND customer_id IN (",
                              imported, ")")),
            crm::StrCat(kRows - 5));
  EXPECT_EQ(
      Count(crm::StrCat("SELECT count(*) FROM customer.history "
                        "WHERE method = 'ImportCustomers' AND field = '' AND old_value = '' "
                        "AND new_value::jsonb ->> 'legal_name' LIKE '上海导入测试%' "
                        "AND new_value::jsonb ->> 'state' = 'ACTIVE' "
                        "AND new_value::jsonb ->> 'external_references' LIKE 'erp-sap:file-%' "
                        "AND customer_id IN (",
                        imported, ")")),
      crm::StrCat(kRows - 5));
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.customers WHERE name_key IS "
                              "NULL AND id IN (",
                              imported, ")")),
            "0");
  EXPECT_EQ(Count(crm::StrCat("SELECT count(DISTINCT customer_id) FROM customer.name_keys "
                              "WHERE customer_id IN (",
                              imported, ")")),
            crm::StrCat(kRows - 5));

  // The same file again: nothing to do.
  const std::string changes_before = Count("SELECT count(*) FROM customer.changes");
  const ImportReply again = Import(Erp(), rows, 700);
  ASSERT_TRUE(again.status.ok()) << StatusText(again.status);
  ASSERT_EQ(again.results.size(), static_cast<size_t>(kRows));
  for (const auto& [number, result] : again.results) {
    if (number == 10 || number == 20 || number == 31 || number == 41) {
      EXPECT_EQ(result.outcome(), Outcome::REJECTED) << "row " << number;
    } else {
      EXPECT_EQ(result.outcome(), Outcome::UNCHANGED) << "row " << number;
      EXPECT_EQ(result.customer(), reply.results.at(number).customer());
    }
  }
  EXPECT_EQ(Count("SELECT count(*) FROM customer.changes"), changes_before);

  // Changed values: updated, with history and change feed rows.
  std::vector<v1::ImportRow> changed;
  for (int i = 100; i < 300; ++i) {
    v1::ImportRow row = rows[i - 1];
    row.mutable_customer()->set_legal_name(crm::StrCat("上海导入变更", i, "号有限公司"));
    row.mutable_customer()->clear_tags();
    changed.push_back(row);
  }
  const ImportReply updated = Import(Erp(), changed);
  ASSERT_TRUE(updated.status.ok()) << StatusText(updated.status);
  for (const auto& [number, result] : updated.results) {
    EXPECT_EQ(result.outcome(), Outcome::UPDATED) << "row " << number;
  }
  absl::StatusOr<v1::Customer> renamed = Lookup("file-100");
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(renamed->legal_name(), "上海导入变更100号有限公司");
  EXPECT_EQ(renamed->display_name(), "上海导入变更100号有限公司");
  EXPECT_TRUE(renamed->tags().empty());
  EXPECT_EQ(renamed->etag(), "\"2\"");
  const std::string id = renamed->name().substr(10);
  EXPECT_EQ(Count(crm::StrCat("SELECT new_value FROM customer.history WHERE customer_id = '", id,
                              "' AND field = 'legal_name' ORDER BY id DESC LIMIT 1")),
            "上海导入变更100号有限公司");
  EXPECT_EQ(Count(crm::StrCat("SELECT old_value FROM customer.history WHERE customer_id = '", id,
                              "' AND field = 'tags' ORDER BY id DESC LIMIT 1")),
            "ERP");
  EXPECT_EQ(Count(crm::StrCat("SELECT version FROM customer.changes WHERE customer_id = '", id,
                              "' AND type = 2")),
            "2");
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.changes WHERE type = 2 AND "
                              "customer_id IN (",
                              imported, ")")),
            "200");
  // The match keys follow the new name.
  v1::SearchDuplicatesRequest search;
  search.mutable_customer()->set_legal_name("上海导入变更100号有限公司");
  v1::SearchDuplicatesResponse found;
  ASSERT_TRUE(stub().SearchDuplicates(env_->As(Erp()).get(), search, &found).ok());
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).customer(), renamed->name());
}

TEST_F(ImportCustomersTest, RowsOfOneBatchSeeTheRowsBeforeThem) {
  const std::string uscc = NewUscc();
  std::vector<v1::ImportRow> rows = {
      Row(1, "seq-a", "杭州顺序一有限公司", ""),
      Row(2, "seq-a", "杭州顺序一（更名）有限公司", ""),
      Row(3, "seq-b", "杭州顺序二有限公司", uscc),
      // A new reference with the USCC row 3 just registered: linked to it.
      Row(4, "seq-c", "杭州顺序二有限公司", uscc),
      Row(5, "seq-b", "杭州顺序二有限公司", uscc),
  };
  const ImportReply reply = Import(Erp(), rows);
  ASSERT_TRUE(reply.status.ok()) << StatusText(reply.status);
  ASSERT_EQ(reply.results.size(), 5u);
  EXPECT_EQ(reply.results.at(1).outcome(), Outcome::CREATED);
  EXPECT_EQ(reply.results.at(2).outcome(), Outcome::UPDATED);
  EXPECT_EQ(reply.results.at(2).customer(), reply.results.at(1).customer());
  EXPECT_EQ(reply.results.at(3).outcome(), Outcome::CREATED);
  EXPECT_EQ(reply.results.at(4).outcome(), Outcome::UPDATED);
  EXPECT_EQ(reply.results.at(4).customer(), reply.results.at(3).customer());
  EXPECT_EQ(reply.results.at(5).outcome(), Outcome::UNCHANGED);
  absl::StatusOr<v1::Customer> a = Lookup("seq-a");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->legal_name(), "杭州顺序一（更名）有限公司");
  absl::StatusOr<v1::Customer> c = Lookup("seq-c");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name(), reply.results.at(3).customer());
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.customers WHERE uscc = '", uscc, "'")),
            "1");
}

TEST_F(ImportCustomersTest, OnlyHqAndIntegrationMayImport) {
  const std::vector<v1::ImportRow> rows = {Row(1, "role-1", "苏州角色测试有限公司", NewUscc())};
  for (const auth::v1::Principal& principal :
       {CustomerTestEnv::WithRoles("v.iewer", "sub-east", {"viewer"}),
        CustomerTestEnv::Sales("zhao.liu", "sub-east")}) {
    const ImportReply reply = Import(principal, rows);
    EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << principal.roles(0) << ": " << StatusText(reply.status);
    EXPECT_THAT(reply.status.error_message(), HasSubstr("hq_admin or integration"));
    EXPECT_TRUE(reply.results.empty());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM customer.external_references WHERE source_id = "
                  "'role-1'"),
            "0");
  const ImportReply hq = Import(CustomerTestEnv::Hq(), rows);
  ASSERT_TRUE(hq.status.ok()) << StatusText(hq.status);
  EXPECT_EQ(hq.results.at(1).outcome(), Outcome::CREATED);
  absl::StatusOr<v1::Customer> created = Lookup("role-1");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->owner_org_unit(), "orgUnits/hq");
}

TEST_F(ImportCustomersTest, MoreThanAThousandRowsInOneMessageIsRefused) {
  std::vector<v1::ImportRow> rows;
  for (int i = 1; i <= 1001; ++i) {
    rows.push_back(Row(i, crm::StrCat("big-", i), crm::StrCat("宁波大消息", i, "有限公司"), ""));
  }
  const ImportReply reply = Import(Erp(), rows, 1001);
  EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << StatusText(reply.status);
  EXPECT_THAT(reply.status.error_message(), HasSubstr("rows"));
  EXPECT_EQ(Count("SELECT count(*) FROM customer.external_references WHERE source_id LIKE "
                  "'big-%'"),
            "0");
}

TEST_F(ImportCustomersTest, AnOwnerOutsideTheCallersScopeIsRejected) {
  v1::ImportRow row = Row(7, "owner-1", "无锡归属测试有限公司", NewUscc());
  row.mutable_customer()->set_owner_org_unit("orgUnits/sub-north");
  const ImportReply reply = Import(Erp(), {row});
  ASSERT_TRUE(reply.status.ok()) << StatusText(reply.status);
  EXPECT_EQ(reply.results.at(7).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(7)), HasSubstr("customer.owner_org_unit"));
}

// A row's contacts are created with its customer, sealed and hashed like
// CreateContact's; a bad contact rejects its row; an existing customer's
// row skips them.
TEST_F(ImportCustomersTest, ContactsOfACreatedCustomerAreSealedHashedAndMasked) {
  // A phone no other test uses, so the duplicate search finds only this row.
  const std::string phone =
      crm::StrCat("139", absl::ToUnixMicros(absl::Now()) % 100000000 + 100000000).substr(0, 11);
  v1::ImportRow with_contacts = Row(1, "contacts-1", "上海联系人导入有限公司", NewUscc());
  v1::Contact& buyer = *with_contacts.add_contacts();
  buyer.set_display_name("赵六");
  buyer.set_title("采购总监");
  buyer.set_decision_role(v1::DECISION_MAKER);
  buyer.set_phone(phone);
  buyer.set_email("zhao.liu@example.com");
  with_contacts.add_contacts()->set_display_name("钱七");
  v1::ImportRow bad_email = Row(2, "contacts-2", "上海联系人错误有限公司", NewUscc());
  bad_email.add_contacts()->set_display_name("孙八");
  v1::Contact& bad = *bad_email.add_contacts();
  bad.set_display_name("李九");
  bad.set_email("not-an-email");
  v1::ImportRow too_many = Row(3, "contacts-3", "上海联系人过多有限公司", NewUscc());
  for (int i = 0; i < 21; ++i) {
    too_many.add_contacts()->set_display_name(crm::StrCat("联系人", i));
  }

  const ImportReply reply = Import(Erp(), {with_contacts, bad_email, too_many});
  ASSERT_TRUE(reply.status.ok()) << StatusText(reply.status);
  ASSERT_EQ(reply.results.size(), 3u);
  const v1::ImportRowResult& created = reply.results.at(1);
  ASSERT_EQ(created.outcome(), Outcome::CREATED) << FirstViolation(created);
  EXPECT_EQ(created.contacts_created(), 2);
  EXPECT_EQ(reply.results.at(2).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(2)), HasSubstr("contacts[1].email"));
  EXPECT_EQ(reply.results.at(3).outcome(), Outcome::REJECTED);
  EXPECT_THAT(FirstViolation(reply.results.at(3)), HasSubstr("contacts: at most 20"));
  EXPECT_EQ(Count("SELECT count(*) FROM customer.external_references WHERE source_id IN "
                  "('contacts-2', 'contacts-3')"),
            "0");

  // Read back like CreateContact's: masked for a caller outside the scope.
  v1::ListContactsRequest list;
  list.set_parent(created.customer());
  v1::ListContactsResponse listed;
  const grpc::Status listed_status = stub().ListContacts(
      env_->As(CustomerTestEnv::Sales("zhou", "sub-west")).get(), list, &listed);
  ASSERT_TRUE(listed_status.ok()) << StatusText(listed_status);
  ASSERT_EQ(listed.contacts_size(), 2);
  const v1::Contact& masked =
      listed.contacts(0).display_name() == "赵六" ? listed.contacts(0) : listed.contacts(1);
  EXPECT_EQ(masked.display_name(), "赵六");
  EXPECT_EQ(masked.title(), "采购总监");
  EXPECT_EQ(masked.phone(), crm::StrCat(phone.substr(0, 3), "****", phone.substr(7)));
  EXPECT_TRUE(masked.personal_info_masked());
  EXPECT_THAT(masked.email(), ::testing::Not(HasSubstr("zhao.liu")));
  v1::GetContactRequest get;
  get.set_name(masked.name());
  v1::Contact opened;
  const grpc::Status got = stub().GetContact(
      env_->As(CustomerTestEnv::Sales("wang.wu", "sub-east")).get(), get, &opened);
  ASSERT_TRUE(got.ok()) << StatusText(got);
  EXPECT_EQ(opened.phone(), phone);
  EXPECT_EQ(opened.email(), "zhao.liu@example.com");

  // Not plaintext at rest, hashed for lookups.
  const std::string customer_id = created.customer().substr(std::string("customers/").size());
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.contacts WHERE customer_id = '",
                              customer_id, "' AND position('", phone,
                              "' in encode(phone_sealed, 'escape')) = 0"
                              " AND phone_hash IS NOT NULL AND email_hash IS NOT NULL")),
            "1");
  // Two active contacts, one a decision maker: complete.
  absl::StatusOr<v1::Customer> customer = Lookup("contacts-1");
  ASSERT_TRUE(customer.ok()) << customer.status();
  EXPECT_EQ(customer->data_completeness(), 100);

  v1::SearchDuplicatesRequest search;
  search.mutable_customer()->set_legal_name("宁波无关贸易有限公司");
  search.mutable_customer()->set_region("330200");
  search.add_contact_phones(phone);
  v1::SearchDuplicatesResponse found;
  const grpc::Status searched = stub().SearchDuplicates(
      env_->As(CustomerTestEnv::Sales("wang.wu", "sub-east")).get(), search, &found);
  ASSERT_TRUE(searched.ok()) << StatusText(searched);
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).customer(), created.customer());
  EXPECT_THAT(found.matches(0).reasons(),
              ::testing::ElementsAre(v1::DuplicateMatch::SHARED_CONTACT));

  // Importing the row again matches the customer: its contacts are skipped.
  with_contacts.set_row_number(4);
  const ImportReply again = Import(Erp(), {with_contacts});
  ASSERT_TRUE(again.status.ok()) << StatusText(again.status);
  EXPECT_EQ(again.results.at(4).outcome(), Outcome::UNCHANGED);
  EXPECT_EQ(again.results.at(4).contacts_skipped(), 2);
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM customer.contacts WHERE customer_id = '",
                              customer_id, "'")),
            "2");
}

}  // namespace
}  // namespace crm::customer
