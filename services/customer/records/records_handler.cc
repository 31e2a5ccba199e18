#include "services/customer/records/records_handler.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/etag/etag.h"
#include "libs/log/log.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/repeated_count.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/customer_filter.h"
#include "services/customer/rules/uscc.h"

namespace crm::customer {
namespace {

constexpr int kMaxBatch = 1000;

}  // namespace

template <typename Request>
grpc::ServerUnaryReactor* RecordsHandler::ChangeCustomerState(Context* context,
                                                              std::string_view method,
                                                              const Request& request,
                                                              StateChange change,
                                                              v1::Customer* response) {
  return Serve(*deps_.verifier, context, method, request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::string id = CustomerIdOr(request.name(), "name", violations);
                 const std::optional<int64_t> version =
                     ParseEtagField(request.etag(), "etag", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<v1::Customer> changed =
                     (deps_.customers->*change)(caller.context, id, version);
                 if (!changed.ok()) return changed.status();
                 *response = *std::move(changed);
                 deps_.cache->AfterChange(*response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::CreateCustomer(Context* context,
                                                         const v1::CreateCustomerRequest* request,
                                                         v1::Customer* response) {
  return Serve(
      *deps_.verifier, context, "CreateCustomer", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
        v1::Customer customer = request->customer();
        ValidateCustomer(customer, CustomerInputPaths(), "customer.", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        if (customer.display_name().empty()) customer.set_display_name(customer.legal_name());
        if (customer.owner_org_unit().empty()) {
          customer.set_owner_org_unit(caller.principal.org_unit());
        } else if (!ScopeCovers(caller.principal, customer.owner_org_unit())) {
          return status::Error(
              absl::StatusCode::kPermissionDenied, kDomain, "OWNER_OUT_OF_SCOPE",
              crm::StrCat("you cannot create customers owned by ", customer.owner_org_unit(),
                          "; leave owner_org_unit empty to own it yourself"),
              {{"ownerOrgUnit", customer.owner_org_unit()}});
        }
        customer.clear_account_team();
        absl::StatusOr<v1::Customer> created = deps_.customers->Create(caller.context, customer);
        if (!created.ok()) return created.status();
        *response = *std::move(created);
        deps_.cache->AfterChange(*response);
        // A warning, not a refusal: the caller may be creating a branch on
        // purpose.
        if (deps_.possible_duplicates) {
          for (std::string& name : deps_.possible_duplicates(*response)) {
            response->add_possible_duplicates(std::move(name));
          }
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecordsHandler::GetCustomer(Context* context,
                                                      const v1::GetCustomerRequest* request,
                                                      v1::Customer* response) {
  return Serve(*deps_.verifier, context, "GetCustomer", *request,
               [&](const Caller&, status::FieldViolations& violations) -> absl::Status {
                 const std::string id = CustomerIdOr(request->name(), "name", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 if (absl::Status s = deps_.cache->Fetch(id, *response); !s.ok()) return s;
                 if (response->state() == v1::Customer::MERGED)
                   return MergedCustomerError(*response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::BatchGetCustomers(
    Context* context, const v1::BatchGetCustomersRequest* request,
    v1::BatchGetCustomersResponse* response) {
  return Serve(
      *deps_.verifier, context, "BatchGetCustomers", *request,
      [&](const Caller&, status::FieldViolations& violations) -> absl::Status {
        validation::CheckCount(request->names_size(), 1, kMaxBatch, "names", violations);
        std::vector<std::string> ids;
        for (int i = 0; i < request->names_size(); ++i) {
          ids.push_back(CustomerIdOr(request->names(i), crm::StrCat("names[", i, "]"), violations));
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<std::vector<v1::Customer>> customers = deps_.customers->BatchGet(ids);
        if (!customers.ok()) return customers.status();
        for (v1::Customer& customer : *customers) {
          if (customer.state() == v1::Customer::MERGED) return MergedCustomerError(customer);
          *response->add_customers() = std::move(customer);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecordsHandler::ListCustomers(Context* context,
                                                        const v1::ListCustomersRequest* request,
                                                        v1::ListCustomersResponse* response) {
  return Serve(
      *deps_.verifier, context, "ListCustomers", *request,
      [&](const Caller&, status::FieldViolations& violations) -> absl::Status {
        CustomerQuery query;
        absl::StatusOr<int> page_size = pagination::NormalizePageSize(request->page_size());
        if (!page_size.ok()) {
          violations.Add("page_size", std::string(page_size.status().message()));
        } else {
          query.page_size = *page_size;
        }
        absl::StatusOr<CustomerFilter> filter = ParseCustomerFilter(request->filter());
        if (!filter.ok()) {
          violations.Add("filter", std::string(filter.status().message()));
        } else {
          query.filter = *std::move(filter);
        }
        absl::StatusOr<CustomerOrder> order = ParseCustomerOrderBy(request->order_by());
        if (!order.ok()) {
          violations.Add("order_by", std::string(order.status().message()));
        } else {
          query.order = *order;
        }
        query.show_deleted = request->show_deleted();
        const std::string fingerprint =
            pagination::QueryFingerprint({"ListCustomers", request->filter(), request->order_by(),
                                          request->show_deleted() ? "deleted" : "live"});
        query.after_key =
            deps_.page_tokens->ResumeAfter(request->page_token(), fingerprint, 2,
                                           "call with this filter and order_by", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<CustomerPage> page = deps_.customers->List(query);
        if (!page.ok()) return page.status();
        for (v1::Customer& customer : page->customers) {
          *response->add_customers() = std::move(customer);
        }
        if (!page->last_key.empty()) {
          response->set_next_page_token(deps_.page_tokens->Encode(fingerprint, {page->last_key}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecordsHandler::UpdateCustomer(Context* context,
                                                         const v1::UpdateCustomerRequest* request,
                                                         v1::Customer* response) {
  return Serve(
      *deps_.verifier, context, "UpdateCustomer", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
        CustomerPatch patch;
        patch.values = request->customer();
        const std::string id = CustomerIdOr(patch.values.name(), "customer.name", violations);
        patch.paths = ValidateCustomerMask(request->update_mask(), violations);
        ValidateCustomer(patch.values, patch.paths, "customer.", violations);
        patch.expected_version = ParseEtagField(patch.values.etag(), "customer.etag", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<v1::Customer> updated = deps_.customers->Update(caller.context, id, patch);
        if (!updated.ok()) return updated.status();
        *response = *std::move(updated);
        deps_.cache->AfterChange(*response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecordsHandler::DeleteCustomer(Context* context,
                                                         const v1::DeleteCustomerRequest* request,
                                                         v1::Customer* response) {
  return ChangeCustomerState(context, "DeleteCustomer", *request, &CustomerStore::Delete, response);
}

grpc::ServerUnaryReactor* RecordsHandler::UndeleteCustomer(
    Context* context, const v1::UndeleteCustomerRequest* request, v1::Customer* response) {
  return ChangeCustomerState(context, "UndeleteCustomer", *request, &CustomerStore::Undelete,
                             response);
}

grpc::ServerUnaryReactor* RecordsHandler::LookupCustomer(Context* context,
                                                         const v1::LookupCustomerRequest* request,
                                                         v1::Customer* response) {
  return Serve(*deps_.verifier, context, "LookupCustomer", *request,
               [&](const Caller&, status::FieldViolations& violations) -> absl::Status {
                 absl::StatusOr<v1::Customer> found;
                 if (request->has_external_reference()) {
                   v1::ExternalReference reference = request->external_reference();
                   ValidateExternalReference(reference, "external_reference", violations);
                   if (!violations.empty()) return violations.ToStatus(kDomain);
                   found = deps_.customers->LookupByReference(reference);
                 } else if (request->key_case() == v1::LookupCustomerRequest::kUscc) {
                   const std::string uscc = NormalizeUscc(request->uscc());
                   violations.AddIf("uscc", UsccError(uscc));
                   if (!violations.empty()) return violations.ToStatus(kDomain);
                   found = deps_.customers->LookupByUscc(uscc);
                 } else {
                   violations.Add("key", "key: set uscc or external_reference");
                   return violations.ToStatus(kDomain);
                 }
                 if (!found.ok()) return found.status();
                 *response = *std::move(found);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::UpsertCustomerByExternalReference(
    Context* context, const v1::UpsertCustomerByExternalReferenceRequest* request,
    v1::UpsertCustomerByExternalReferenceResponse* response) {
  return Serve(*deps_.verifier, context, "UpsertCustomerByExternalReference", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 v1::ExternalReference reference = request->external_reference();
                 ValidateExternalReference(reference, "external_reference", violations);
                 CustomerPatch patch;
                 patch.values = request->customer();
                 patch.paths = request->update_mask().paths().empty()
                                   ? NonEmptyCustomerPaths(patch.values)
                                   : ValidateCustomerMask(request->update_mask(), violations);
                 // On create every field applies, and legal_name is required.
                 ValidateCustomer(patch.values, CustomerInputPaths(), "customer.", violations);
                 patch.expected_version =
                     ParseEtagField(patch.values.etag(), "customer.etag", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 if (patch.values.display_name().empty()) {
                   patch.values.set_display_name(patch.values.legal_name());
                 }
                 if (patch.values.owner_org_unit().empty()) {
                   patch.values.set_owner_org_unit(caller.principal.org_unit());
                 }
                 patch.values.clear_account_team();
                 patch.values.clear_external_references();
                 auto upserted = deps_.customers->Upsert(caller.context, reference, patch);
                 if (!upserted.ok()) return upserted.status();
                 *response = *std::move(upserted);
                 deps_.cache->AfterChange(response->customer());
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::SetCustomerOwner(
    Context* context, const v1::SetCustomerOwnerRequest* request, v1::Customer* response) {
  return Serve(
      *deps_.verifier, context, "SetCustomerOwner", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
        const std::string id = CustomerIdOr(request->name(), "name", violations);
        if (!IsOrgUnitName(request->owner_org_unit())) {
          violations.Add("owner_org_unit",
                         crm::StrCat("owner_org_unit: ", Quote(request->owner_org_unit()),
                                     " is not an org unit name like orgUnits/sub-east"));
        }
        const std::optional<int64_t> version = ParseEtagField(request->etag(), "etag", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        // Only HQ or the current owner's subtree hands a customer over; an
        // account-team member cannot take it.
        absl::StatusOr<v1::Customer> current = deps_.customers->Get(id);
        if (!current.ok()) return current.status();
        if (!ScopeCovers(caller.principal, current->owner_org_unit())) {
          return status::Error(
              absl::StatusCode::kPermissionDenied, kDomain, "NOT_OWNER",
              crm::StrCat("only HQ or ", current->owner_org_unit(), " can hand over ",
                          current->name()),
              {{"customer", current->name()}, {"ownerOrgUnit", current->owner_org_unit()}});
        }
        absl::StatusOr<v1::Customer> updated =
            deps_.customers->SetOwner(caller.context, id, request->owner_org_unit(),
                                      version.has_value() ? version : ParseEtag(current->etag()));
        if (!updated.ok()) return updated.status();
        *response = *std::move(updated);
        deps_.cache->AfterChange(*response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecordsHandler::AddAccountTeamMember(
    Context* context, const v1::AddAccountTeamMemberRequest* request, v1::Customer* response) {
  return Serve(*deps_.verifier, context, "AddAccountTeamMember", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::string id = CustomerIdOr(request->name(), "name", violations);
                 v1::AccountTeamMember member = request->member();
                 ValidateTeamMember(member, "member.", violations);
                 const std::optional<int64_t> version =
                     ParseEtagField(request->etag(), "etag", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<v1::Customer> updated =
                     deps_.customers->AddTeamMember(caller.context, id, member, version);
                 if (!updated.ok()) return updated.status();
                 *response = *std::move(updated);
                 deps_.cache->AfterChange(*response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::RemoveAccountTeamMember(
    Context* context, const v1::RemoveAccountTeamMemberRequest* request, v1::Customer* response) {
  return Serve(*deps_.verifier, context, "RemoveAccountTeamMember", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 if (absl::Status s = RequireWriterRole(caller.principal); !s.ok()) return s;
                 const std::string id = CustomerIdOr(request->name(), "name", violations);
                 if (!IsOrgUnitName(request->org_unit())) {
                   violations.Add("org_unit", crm::StrCat("org_unit: ", Quote(request->org_unit()),
                                                          " is not an org unit name"));
                 }
                 if (!request->user().empty() && !IsUserName(request->user())) {
                   violations.Add("user", crm::StrCat("user: ", Quote(request->user()),
                                                      " is not a user name like users/zhang.san"));
                 }
                 const std::optional<int64_t> version =
                     ParseEtagField(request->etag(), "etag", violations);
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 absl::StatusOr<v1::Customer> updated = deps_.customers->RemoveTeamMember(
                     caller.context, id, request->org_unit(), request->user(), version);
                 if (!updated.ok()) return updated.status();
                 *response = *std::move(updated);
                 deps_.cache->AfterChange(*response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecordsHandler::ListCustomerHistory(
    Context* context, const v1::ListCustomerHistoryRequest* request,
    v1::ListCustomerHistoryResponse* response) {
  return Serve(*deps_.verifier, context, "ListCustomerHistory", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 const std::string id = CustomerIdOr(request->parent(), "parent", violations);
                 int page_size = 50;
                 if (absl::StatusOr<int> size = pagination::NormalizePageSize(request->page_size());
                     size.ok()) {
                   page_size = *size;
                 } else {
                   violations.Add("page_size", std::string(size.status().message()));
                 }
                 const std::string fingerprint =
                     pagination::QueryFingerprint({"ListCustomerHistory", request->parent()});
                 std::optional<int64_t> before_id;
                 if (!request->page_token().empty()) {
                   absl::StatusOr<pagination::PageCursor> cursor =
                       deps_.page_tokens->Decode(request->page_token(), fingerprint);
                   int64_t value = 0;
                   if (!cursor.ok() || cursor->last_key.size() != 1 ||
                       !absl::SimpleAtoi(cursor->last_key[0], &value)) {
                     violations.Add("page_token",
                                    "page_token: not a token from a previous call "
                                    "for this customer");
                   } else {
                     before_id = value;
                   }
                 }
                 if (!violations.empty()) return violations.ToStatus(kDomain);
                 std::optional<int64_t> last_id;
                 absl::StatusOr<std::vector<v1::HistoryEntry>> entries =
                     deps_.customers->History(caller.context, id, before_id, page_size, &last_id);
                 if (!entries.ok()) return entries.status();
                 for (v1::HistoryEntry& entry : *entries)
                   *response->add_entries() = std::move(entry);
                 if (last_id.has_value()) {
                   response->set_next_page_token(
                       deps_.page_tokens->Encode(fingerprint, {{crm::StrCat(*last_id)}}));
                 }
                 return absl::OkStatus();
               });
}

}  // namespace crm::customer
