#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_STORE_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "services/customer/core/mutation_context.h"
#include "services/customer/rules/customer_filter.h"

namespace crm::customer {

// One page of customers and the sort key of its last row.
struct CustomerPage {
  std::vector<v1::Customer> customers;
  std::vector<std::string> last_key;  // empty when this is the last page
};

// What ListCustomers asks for, already validated.
struct CustomerQuery {
  CustomerFilter filter;
  CustomerOrder order;
  bool show_deleted = false;
  std::vector<std::string> after_key;  // from the page token; empty = first page
  int page_size = 50;
};

// The values of an update: the fields named in `paths` are taken from
// `values` (paths are allow-listed by the service before they get here).
struct CustomerPatch {
  v1::Customer values;
  std::vector<std::string> paths;
  std::optional<int64_t> expected_version;  // from the etag
};

// SQL for customers, their external references and account teams. Data
// scope is applied inside the statements (never after fetching): a change
// that is out of the caller's scope fails with PERMISSION_DENIED without
// touching the row. Every mutation writes its audit history and, when given
// a request id, its response in the same transaction.
class CustomerStore final {
 public:
  explicit CustomerStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log);

  // Statements to prepare on every pooled connection.
  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<v1::Customer> Get(const std::string& id);
  // In the order asked; NOT_FOUND names the first missing id.
  absl::StatusOr<std::vector<v1::Customer>> BatchGet(const std::vector<std::string>& ids);
  absl::StatusOr<CustomerPage> List(const CustomerQuery& query);
  absl::StatusOr<v1::Customer> LookupByUscc(const std::string& uscc);
  absl::StatusOr<v1::Customer> LookupByReference(const v1::ExternalReference& reference);

  // `customer` is validated; its name is ignored (a new id is generated).
  absl::StatusOr<v1::Customer> Create(const MutationContext& context, const v1::Customer& customer);
  absl::StatusOr<v1::Customer> Update(const MutationContext& context, const std::string& id,
                                      const CustomerPatch& patch);
  absl::StatusOr<v1::Customer> Delete(const MutationContext& context, const std::string& id,
                                      std::optional<int64_t> expected_version);
  absl::StatusOr<v1::Customer> Undelete(const MutationContext& context, const std::string& id,
                                        std::optional<int64_t> expected_version);
  absl::StatusOr<v1::UpsertCustomerByExternalReferenceResponse> Upsert(
      const MutationContext& context, const v1::ExternalReference& reference,
      const CustomerPatch& patch);
  absl::StatusOr<v1::Customer> SetOwner(const MutationContext& context, const std::string& id,
                                        const std::string& owner_org_unit,
                                        std::optional<int64_t> expected_version);
  absl::StatusOr<v1::Customer> AddTeamMember(const MutationContext& context, const std::string& id,
                                             const v1::AccountTeamMember& member,
                                             std::optional<int64_t> expected_version);
  absl::StatusOr<v1::Customer> RemoveTeamMember(const MutationContext& context,
                                                const std::string& id, const std::string& org_unit,
                                                const std::string& user,
                                                std::optional<int64_t> expected_version);

  // Newest first, keyset-paged by history id; needs the customer in scope.
  absl::StatusOr<std::vector<v1::HistoryEntry>> History(const MutationContext& context,
                                                        const std::string& id,
                                                        std::optional<int64_t> before_id,
                                                        int page_size,
                                                        std::optional<int64_t>* last_id);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_STORE_H_
