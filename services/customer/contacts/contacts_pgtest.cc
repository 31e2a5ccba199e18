// Contacts through the gRPC API, against real PostgreSQL and Redis: personal
// fields sealed at rest, masked out of scope, audited when opened, erased for
// good; scope, etags and validation.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/testing/customer_service_fixture.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::EastSales;
using ::crm::customer::testing::WestSales;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class ContactsTest : public testing::CustomerServiceTest {};

TEST_F(ContactsTest, ContactsAreSealedMaskedOutOfScopeAndAudited) {
  v1::Customer customer = Create(EastSales());
  v1::Contact created = CreateContact(EastSales(), customer.name());
  EXPECT_EQ(created.phone(), "13812345678");  // normalised, shown to its creator
  EXPECT_FALSE(created.personal_info_masked());

  // At rest: sealed, never the digits.
  const std::string id = IdOf(created.name());
  EXPECT_EQ(env_->QueryValue(
                crm::StrCat("SELECT count(*) FROM customer.contacts WHERE id = '", id,
                            "' AND position('13812345678' in encode(phone_sealed, 'escape')) = 0"
                            " AND phone_hash IS NOT NULL")),
            "1");

  v1::GetContactRequest get;
  get.set_name(created.name());
  v1::Contact seen;
  ASSERT_OK(stub().GetContact(env_->As(WestSales()).get(), get, &seen));
  EXPECT_EQ(seen.phone(), "138****5678");
  EXPECT_TRUE(seen.personal_info_masked());
  EXPECT_THAT(seen.email(), Not(HasSubstr("zhang.san")));
  EXPECT_EQ(seen.display_name(), "张三");
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM customer.personal_info_reads WHERE contact_id = '", id, "'")),
            "0");

  ASSERT_OK(stub().GetContact(env_->As(EastSales()).get(), get, &seen));
  EXPECT_EQ(seen.phone(), "13812345678");
  EXPECT_EQ(seen.email(), "zhang.san@example.com");
  EXPECT_EQ(seen.wechat(), "zhangsan_wx");
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT actor FROM customer.personal_info_reads WHERE contact_id = '", id, "'")),
            "users/li.si");

  v1::UpdateContactRequest update;
  *update.mutable_contact() = seen;
  update.mutable_contact()->set_title("总经理");
  update.mutable_update_mask()->add_paths("title");
  v1::Contact out;
  EXPECT_EQ(stub().UpdateContact(env_->As(WestSales()).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_OK(stub().UpdateContact(env_->As(EastSales()).get(), update, &out));
  EXPECT_EQ(out.title(), "总经理");
  // Unchanged personal fields keep their lookup hash.
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM customer.contacts WHERE id = '", id,
                                         "' AND phone_hash IS NOT NULL")),
            "1");

  v1::ListContactsRequest list;
  list.set_parent(customer.name());
  v1::ListContactsResponse listed;
  ASSERT_OK(stub().ListContacts(env_->As(WestSales()).get(), list, &listed));
  ASSERT_EQ(listed.contacts_size(), 1);
  EXPECT_EQ(listed.contacts(0).phone(), "138****5678");
}

TEST_F(ContactsTest, ContactUpdateAndDeleteNeedScopeAndAFreshEtag) {
  v1::Customer customer = Create(EastSales());
  v1::Contact created = CreateContact(EastSales(), customer.name());

  v1::UpdateContactRequest update;
  *update.mutable_contact() = created;
  update.mutable_contact()->set_department("采购部");
  update.mutable_update_mask()->add_paths("department");
  v1::Contact updated;
  ASSERT_OK(stub().UpdateContact(env_->As(EastSales()).get(), update, &updated));
  EXPECT_EQ(updated.department(), "采购部");
  EXPECT_NE(updated.etag(), created.etag());
  // The etag read before that update is stale now.
  update.mutable_contact()->set_department("财务部");
  EXPECT_EQ(stub().UpdateContact(env_->As(EastSales()).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  v1::DeleteContactRequest del;
  del.set_name(created.name());
  v1::Contact deleted;
  EXPECT_EQ(stub().DeleteContact(env_->As(WestSales()).get(), del, &deleted).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  del.set_etag(created.etag());
  EXPECT_EQ(stub().DeleteContact(env_->As(EastSales()).get(), del, &deleted).error_code(),
            grpc::StatusCode::ABORTED);
  del.set_etag(updated.etag());
  ASSERT_OK(stub().DeleteContact(env_->As(EastSales()).get(), del, &deleted));
  EXPECT_EQ(deleted.state(), v1::Contact::DELETED);

  v1::ListContactsRequest list;
  list.set_parent(customer.name());
  v1::ListContactsResponse listed;
  ASSERT_OK(stub().ListContacts(env_->As(EastSales()).get(), list, &listed));
  EXPECT_EQ(listed.contacts_size(), 0);
  del.clear_etag();
  EXPECT_EQ(stub().DeleteContact(env_->As(EastSales()).get(), del, &deleted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM customer.history WHERE method = 'DeleteContact' AND "
                "customer_id = '",
                IdOf(customer.name()), "'")),
            "1");
}

TEST_F(ContactsTest, ContactValidationNamesEveryField) {
  v1::Customer customer = Create(EastSales());
  v1::CreateContactRequest request;
  request.set_parent(customer.name());
  request.mutable_contact()->set_display_name("李四");
  request.mutable_contact()->set_phone("2381234567");
  request.mutable_contact()->set_email("li.si@");
  request.mutable_contact()->set_decision_role(static_cast<v1::DecisionRole>(42));
  v1::Contact out;
  absl::Status status =
      status::FromGrpc(stub().CreateContact(env_->As(EastSales()).get(), request, &out));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(status),
              UnorderedElementsAre("contact.phone", "contact.email", "contact.decision_role"));
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat("SELECT count(*) FROM customer.contacts WHERE customer_id = '",
                                   IdOf(customer.name()), "'")),
      "0");
}

TEST_F(ContactsTest, EraseRemovesPersonalDataEverywhereAndIsAudited) {
  v1::Customer customer = Create(EastSales());
  v1::Contact contact = CreateContact(EastSales(), customer.name());
  const std::string id = IdOf(contact.name());
  v1::EraseContactRequest erase;
  erase.set_name(contact.name());
  erase.set_reason("PIPL request 2026-118");
  v1::Contact erased;
  EXPECT_EQ(stub().EraseContact(env_->As(WestSales()).get(), erase, &erased).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_OK(stub().EraseContact(env_->As(EastSales()).get(), erase, &erased));
  EXPECT_EQ(erased.state(), v1::Contact::ERASED);
  EXPECT_TRUE(erased.display_name().empty());
  EXPECT_TRUE(erased.phone().empty());

  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM customer.contacts WHERE id = '", id,
                "' AND phone_sealed IS NULL AND email_sealed IS NULL AND wechat_sealed IS NULL"
                " AND phone_hash IS NULL AND display_name = '' AND phone_masked = ''")),
            "1");
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM customer.history WHERE resource = '", contact.name(),
                "' AND (old_value LIKE '%5678%' OR new_value LIKE '%5678%'"
                " OR old_value LIKE '%张三%' OR new_value LIKE '%张三%')")),
            "0");

  v1::ListCustomerHistoryRequest history;
  history.set_parent(customer.name());
  v1::ListCustomerHistoryResponse entries;
  ASSERT_OK(stub().ListCustomerHistory(env_->As(EastSales()).get(), history, &entries));
  ASSERT_GT(entries.entries_size(), 0);
  EXPECT_EQ(entries.entries(0).method(), "EraseContact");
  EXPECT_EQ(entries.entries(0).new_value(), "erased: PIPL request 2026-118");
  EXPECT_EQ(entries.entries(0).actor(), "users/li.si");
}

}  // namespace
}  // namespace crm::customer
