#ifndef CRM_SERVICES_CUSTOMER_CONTACTS_CONTACTS_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_CONTACTS_CONTACTS_HANDLER_H_

// A customer's contacts (customers/{customer}/contacts/{contact}): personal
// fields sealed with PersonalInfoCipher before they reach ContactStore
// (contacts/contact_store.cc), opened only for roles that may see them, and
// every opening audited.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/customer/contacts/contact_store.h"
#include "services/customer/core/customer_cache.h"
#include "services/customer/core/personal_info_audit.h"
#include "services/customer/core/personal_info_cipher.h"
#include "services/customer/core/request_path.h"

namespace crm::customer {

// All owned elsewhere and outliving the handler.
struct ContactsDeps {
  ContactStore* contacts;
  CustomerCache* cache;  // a contact change bumps its customer's version
  PersonalInfoAudit* audit;
  const auth::PrincipalVerifier* verifier;
  const PersonalInfoCipher* cipher;
  const pagination::PageTokenCodec* page_tokens;
};

class ContactsHandler final {
 public:
  explicit ContactsHandler(ContactsDeps deps) : deps_(deps) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* CreateContact(Context*, const v1::CreateContactRequest*, v1::Contact*);
  Reactor* GetContact(Context*, const v1::GetContactRequest*, v1::Contact*);
  Reactor* ListContacts(Context*, const v1::ListContactsRequest*, v1::ListContactsResponse*);
  Reactor* UpdateContact(Context*, const v1::UpdateContactRequest*, v1::Contact*);
  Reactor* DeleteContact(Context*, const v1::DeleteContactRequest*, v1::Contact*);
  Reactor* EraseContact(Context*, const v1::EraseContactRequest*, v1::Contact*);

 private:
  absl::Status RenderContact(const Caller& caller, StoredContact stored, v1::Contact& out,
                             std::vector<std::string>& opened);
  absl::StatusOr<ContactValues> SealContact(const std::string& contact_id,
                                            const v1::Contact& contact);

  const ContactsDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CONTACTS_CONTACTS_HANDLER_H_
