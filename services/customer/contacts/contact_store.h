#ifndef CRM_SERVICES_CUSTOMER_CONTACTS_CONTACT_STORE_H_
#define CRM_SERVICES_CUSTOMER_CONTACTS_CONTACT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "services/customer/core/contact_write.h"
#include "services/customer/core/mutation_context.h"
#include "services/customer/core/personal_info_cipher.h"

namespace crm::customer {

// A contact as read: the resource with masked personal fields, the sealed
// values for callers who may see them, and whether the customer is in the
// caller's data scope (decided in SQL).
struct StoredContact {
  v1::Contact contact;
  std::string phone_sealed, email_sealed, wechat_sealed;
  bool customer_in_scope = false;
};

struct ContactPage {
  std::vector<StoredContact> contacts;
  std::vector<std::string> last_key;  // empty on the last page
};

// What a contact mutation returns: the contact (masked) and, when the
// customer's completeness changed, its new version (to invalidate caches).
struct ContactChange {
  v1::Contact contact;
  std::optional<int64_t> customer_version;

  // Request-id replay stores the contact only: the cache invalidation that
  // customer_version drives already happened on the first call.
  std::string SerializeAsString() const { return contact.SerializeAsString(); }
  bool ParseFromString(const std::string& bytes) { return contact.ParseFromString(bytes); }
};

// SQL for contacts. Changes need the customer in the caller's data scope
// (checked and locked in SQL); reads are open to internal callers, with
// personal fields left for the service to mask or open.
class ContactStore final {
 public:
  ContactStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log);

  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<ContactChange> Create(const MutationContext& context,
                                       const std::string& customer_id,
                                       const std::string& contact_id, const ContactValues& values);
  absl::StatusOr<StoredContact> Get(const MutationContext& context, const std::string& customer_id,
                                    const std::string& contact_id);
  absl::StatusOr<ContactPage> List(const MutationContext& context, const std::string& customer_id,
                                   const std::vector<std::string>& after_key, int page_size,
                                   bool show_deleted);
  // `paths` name the fields of `values` to write.
  absl::StatusOr<ContactChange> Update(const MutationContext& context,
                                       const std::string& customer_id,
                                       const std::string& contact_id, const ContactValues& values,
                                       const std::vector<std::string>& paths,
                                       std::optional<int64_t> expected_version);
  absl::StatusOr<ContactChange> Delete(const MutationContext& context,
                                       const std::string& customer_id,
                                       const std::string& contact_id,
                                       std::optional<int64_t> expected_version);
  // Removes every personal value of the contact for good, scrubs them from
  // the history, and records the erasure (with `reason`) in the history.
  absl::StatusOr<ContactChange> Erase(const MutationContext& context,
                                      const std::string& customer_id, const std::string& contact_id,
                                      const std::string& reason);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CONTACTS_CONTACT_STORE_H_
