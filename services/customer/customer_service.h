#ifndef CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_
#define CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_

// The gRPC edge of the customer service: each RPC goes to the handler of its
// capability folder, which does the work (records/, contacts/, duplicates/,
// merge/, import/, changes/). Nothing else happens here.
//
// Handlers run inline on gRPC's callback threads; they block only on the
// bounded PostgreSQL pool and Redis, both with timeouts.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "services/customer/changes/changes_handler.h"
#include "services/customer/changes/watch_handler.h"
#include "services/customer/contacts/contacts_handler.h"
#include "services/customer/duplicates/duplicates_handler.h"
#include "services/customer/duplicates/quality_handler.h"
#include "services/customer/import/import_handler.h"
#include "services/customer/merge/merge_handler.h"
#include "services/customer/records/records_handler.h"

namespace crm::customer {

// The capabilities' handlers, owned by the module and outliving the service.
struct CustomerHandlers {
  RecordsHandler* records;
  ContactsHandler* contacts;
  DuplicatesHandler* duplicates;
  QualityHandler* quality;
  MergeHandler* merge;
  ImportHandler* import;
  ChangesHandler* changes;
  WatchHandler* watch;
};

class CustomerService final : public v1::CustomerService::CallbackService {
 public:
  explicit CustomerService(CustomerHandlers handlers) : h_(handlers) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  // records/
  Reactor* CreateCustomer(Context* c, const v1::CreateCustomerRequest* q,
                          v1::Customer* r) override {
    return h_.records->CreateCustomer(c, q, r);
  }
  Reactor* GetCustomer(Context* c, const v1::GetCustomerRequest* q, v1::Customer* r) override {
    return h_.records->GetCustomer(c, q, r);
  }
  Reactor* BatchGetCustomers(Context* c, const v1::BatchGetCustomersRequest* q,
                             v1::BatchGetCustomersResponse* r) override {
    return h_.records->BatchGetCustomers(c, q, r);
  }
  Reactor* ListCustomers(Context* c, const v1::ListCustomersRequest* q,
                         v1::ListCustomersResponse* r) override {
    return h_.records->ListCustomers(c, q, r);
  }
  Reactor* UpdateCustomer(Context* c, const v1::UpdateCustomerRequest* q,
                          v1::Customer* r) override {
    return h_.records->UpdateCustomer(c, q, r);
  }
  Reactor* DeleteCustomer(Context* c, const v1::DeleteCustomerRequest* q,
                          v1::Customer* r) override {
    return h_.records->DeleteCustomer(c, q, r);
  }
  Reactor* UndeleteCustomer(Context* c, const v1::UndeleteCustomerRequest* q,
                            v1::Customer* r) override {
    return h_.records->UndeleteCustomer(c, q, r);
  }
  Reactor* LookupCustomer(Context* c, const v1::LookupCustomerRequest* q,
                          v1::Customer* r) override {
    return h_.records->LookupCustomer(c, q, r);
  }
  Reactor* UpsertCustomerByExternalReference(
      Context* c, const v1::UpsertCustomerByExternalReferenceRequest* q,
      v1::UpsertCustomerByExternalReferenceResponse* r) override {
    return h_.records->UpsertCustomerByExternalReference(c, q, r);
  }
  Reactor* SetCustomerOwner(Context* c, const v1::SetCustomerOwnerRequest* q,
                            v1::Customer* r) override {
    return h_.records->SetCustomerOwner(c, q, r);
  }
  Reactor* AddAccountTeamMember(Context* c, const v1::AddAccountTeamMemberRequest* q,
                                v1::Customer* r) override {
    return h_.records->AddAccountTeamMember(c, q, r);
  }
  Reactor* RemoveAccountTeamMember(Context* c, const v1::RemoveAccountTeamMemberRequest* q,
                                   v1::Customer* r) override {
    return h_.records->RemoveAccountTeamMember(c, q, r);
  }
  Reactor* ListCustomerHistory(Context* c, const v1::ListCustomerHistoryRequest* q,
                               v1::ListCustomerHistoryResponse* r) override {
    return h_.records->ListCustomerHistory(c, q, r);
  }

  // contacts/
  Reactor* CreateContact(Context* c, const v1::CreateContactRequest* q, v1::Contact* r) override {
    return h_.contacts->CreateContact(c, q, r);
  }
  Reactor* GetContact(Context* c, const v1::GetContactRequest* q, v1::Contact* r) override {
    return h_.contacts->GetContact(c, q, r);
  }
  Reactor* ListContacts(Context* c, const v1::ListContactsRequest* q,
                        v1::ListContactsResponse* r) override {
    return h_.contacts->ListContacts(c, q, r);
  }
  Reactor* UpdateContact(Context* c, const v1::UpdateContactRequest* q, v1::Contact* r) override {
    return h_.contacts->UpdateContact(c, q, r);
  }
  Reactor* DeleteContact(Context* c, const v1::DeleteContactRequest* q, v1::Contact* r) override {
    return h_.contacts->DeleteContact(c, q, r);
  }
  Reactor* EraseContact(Context* c, const v1::EraseContactRequest* q, v1::Contact* r) override {
    return h_.contacts->EraseContact(c, q, r);
  }

  // duplicates/
  Reactor* SearchDuplicates(Context* c, const v1::SearchDuplicatesRequest* q,
                            v1::SearchDuplicatesResponse* r) override {
    return h_.duplicates->SearchDuplicates(c, q, r);
  }
  Reactor* ScanDuplicates(Context* c, const v1::ScanDuplicatesRequest* q,
                          google::longrunning::Operation* r) override {
    return h_.duplicates->ScanDuplicates(c, q, r);
  }
  Reactor* GetDataQualityReport(Context* c, const v1::GetDataQualityReportRequest* q,
                                v1::DataQualityReport* r) override {
    return h_.quality->GetDataQualityReport(c, q, r);
  }

  // merge/
  Reactor* MergeCustomers(Context* c, const v1::MergeCustomersRequest* q,
                          v1::MergeCustomersResponse* r) override {
    return h_.merge->MergeCustomers(c, q, r);
  }
  Reactor* UnmergeCustomer(Context* c, const v1::UnmergeCustomerRequest* q,
                           v1::UnmergeCustomerResponse* r) override {
    return h_.merge->UnmergeCustomer(c, q, r);
  }

  // import/
  grpc::ServerBidiReactor<v1::ImportCustomersRequest, v1::ImportCustomersResponse>* ImportCustomers(
      Context* c) override {
    return h_.import->ImportCustomers(c);
  }

  // changes/
  Reactor* ListCustomerChanges(Context* c, const v1::ListCustomerChangesRequest* q,
                               v1::ListCustomerChangesResponse* r) override {
    return h_.changes->ListCustomerChanges(c, q, r);
  }
  grpc::ServerWriteReactor<v1::WatchCustomerChangesResponse>* WatchCustomerChanges(
      Context* c, const v1::WatchCustomerChangesRequest* q) override {
    return h_.watch->WatchCustomerChanges(c, q);
  }

 private:
  const CustomerHandlers h_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_
