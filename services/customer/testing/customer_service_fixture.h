#ifndef CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_SERVICE_FIXTURE_H_
#define CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_SERVICE_FIXTURE_H_

// A test fixture for the customer service through its gRPC API, shared by the
// capabilities' pgtests: one CustomerTestEnv per suite and helpers to create,
// read and update customers and contacts as a given principal.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer::testing {

// Prints the status (code, message, details) when a call fails.
inline std::string StatusText(const absl::Status& s) { return s.ToString(); }
inline std::string StatusText(const grpc::Status& s) { return status::FromGrpc(s).ToString(); }
#define ASSERT_OK(expr)                                                                           \
  do {                                                                                            \
    const auto assert_ok_status = (expr);                                                         \
    ASSERT_TRUE(assert_ok_status.ok()) << ::crm::customer::testing::StatusText(assert_ok_status); \
  } while (false)

class CustomerServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("customer_service");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "environment failed to start"; }

  static v1::CustomerService::Stub& stub() { return env_->stub(); }

  static v1::Customer NewCustomerValues(std::string_view legal_name) {
    v1::Customer customer;
    customer.set_legal_name(std::string(legal_name));
    customer.set_short_name("华信");
    customer.set_uscc(NewUscc());
    customer.set_industry("C");
    customer.set_region("310115");
    customer.set_ownership_type(v1::PRIVATE);
    customer.set_size_band(v1::LARGE);
    customer.add_tags("战略客户");
    return customer;
  }

  // Creates a customer as `principal` and fails the test on error.
  static v1::Customer Create(const auth::v1::Principal& principal,
                             v1::Customer values = NewCustomerValues("上海华信能源科技有限公司")) {
    v1::CreateCustomerRequest request;
    *request.mutable_customer() = std::move(values);
    v1::Customer created;
    grpc::Status status = stub().CreateCustomer(env_->As(principal).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static absl::Status Get(const auth::v1::Principal& principal, const std::string& name,
                          v1::Customer* out) {
    v1::GetCustomerRequest request;
    request.set_name(name);
    return status::FromGrpc(stub().GetCustomer(env_->As(principal).get(), request, out));
  }

  static absl::Status Update(const auth::v1::Principal& principal, const v1::Customer& values,
                             std::vector<std::string> paths, v1::Customer* out) {
    v1::UpdateCustomerRequest request;
    *request.mutable_customer() = values;
    for (auto& path : paths) request.mutable_update_mask()->add_paths(path);
    return status::FromGrpc(stub().UpdateCustomer(env_->As(principal).get(), request, out));
  }

  static v1::Contact CreateContact(const auth::v1::Principal& principal,
                                   const std::string& parent) {
    v1::CreateContactRequest request;
    request.set_parent(parent);
    v1::Contact* contact = request.mutable_contact();
    contact->set_display_name("张三");
    contact->set_title("采购总监");
    contact->set_decision_role(v1::DECISION_MAKER);
    contact->set_phone("138 1234 5678");
    contact->set_email("zhang.san@example.com");
    contact->set_wechat("zhangsan_wx");
    v1::Contact created;
    grpc::Status status = stub().CreateContact(env_->As(principal).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

  static std::set<std::string> ViolationFields(const absl::Status& status) {
    std::set<std::string> fields;
    for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
    return fields;
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

inline auth::v1::Principal EastSales() { return CustomerTestEnv::Sales("li.si", "sub-east"); }
inline auth::v1::Principal WestSales() { return CustomerTestEnv::Sales("wang.wu", "sub-west"); }

}  // namespace crm::customer::testing

#endif  // CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_SERVICE_FIXTURE_H_
