#include "services/customer/import/import_handler.h"

#include <exception>
#include <optional>
#include <vector>

#include "libs/grpc_server/request_id.h"
#include "libs/log/log.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

using ImportReactor =
    grpc::ServerBidiReactor<v1::ImportCustomersRequest, v1::ImportCustomersResponse>;

constexpr char kMethod[] = "ImportCustomers";
constexpr int kMaxRowsPerMessage = 1000;
// Contacts per row (see ImportRow.contacts).
constexpr int kMaxContactsPerRow = 20;
// Rows per transaction: enough that COPY and the set-based statements
// outweigh the per-batch round trips, few enough that a batch holds its row
// locks briefly and commits well within the change feed's settle delay.
constexpr size_t kBatchRows = 2000;

// One ImportCustomers call. Flow control is one step at a time: the next
// message is read only after the previous batch is written and its results
// have gone out, so a fast sender is held back by the database. Deletes
// itself when the call is done.
class ImportCall final : public ImportReactor {
 public:
  ImportCall(grpc::CallbackServerContext* context, const ImportDeps& deps)
      : context_(*context), deps_(deps) {
    absl::StatusOr<auth::v1::Principal> principal = deps_.verifier->FromContext(*context);
    if (!principal.ok()) {
      Finish(status::ToGrpc(principal.status()));
      return;
    }
    if (absl::Status s = RequireHqOrIntegration(*principal, "importing customers"); !s.ok()) {
      Finish(status::ToGrpc(s));
      return;
    }
    principal_ = *std::move(principal);
    mutation_ = MutationContextFor(principal_, kMethod, server::RequestId(*context));
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    try {
      if (!ok) {
        // The caller has sent everything (or gone away: then write nothing).
        if (context_.IsCancelled()) {
          Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the import"));
          return;
        }
        FlushAndSend(/*last=*/true);
        return;
      }
      if (request_.rows_size() > kMaxRowsPerMessage) {
        status::FieldViolations violations;
        violations.Add("rows", crm::StrCat("rows: at most ", kMaxRowsPerMessage,
                                           " per message, got ", request_.rows_size()));
        FinishAfterPending(violations.ToStatus(kDomain));
        return;
      }
      for (v1::ImportRow& row : *request_.mutable_rows()) Accept(row);
      request_.Clear();
      if (items_.size() >= kBatchRows) {
        FlushAndSend(/*last=*/false);
      } else {
        StartRead(&request_);
      }
    } catch (const std::exception& e) {
      log::Error("unhandled exception", {{"method", kMethod}, {"what", e.what()}});
      Finish(status::ToGrpc(absl::InternalError("unhandled exception")));
    }
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the results could not be sent; the caller went away"));
      return;
    }
    if (finish_after_write_.has_value()) {
      Finish(*finish_after_write_);
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  // Validates one row: a valid one joins the batch, a bad one is answered
  // REJECTED with every violation.
  void Accept(v1::ImportRow& row) {
    status::FieldViolations violations;
    ImportItem item;
    item.row_number = row.row_number();
    item.reference = row.external_reference();
    ValidateExternalReference(item.reference, "external_reference", violations);
    item.customer = row.customer();
    ValidateCustomer(item.customer, CustomerInputPaths(), "customer.", violations);
    if (!item.customer.owner_org_unit().empty() &&
        !ScopeCovers(principal_, item.customer.owner_org_unit())) {
      violations.Add(
          "customer.owner_org_unit",
          crm::StrCat("owner_org_unit: you cannot create customers owned by ",
                      item.customer.owner_org_unit(), "; leave it empty to own them yourself"));
    }
    if (row.contacts_size() > kMaxContactsPerRow) {
      violations.Add("contacts", crm::StrCat("contacts: at most ", kMaxContactsPerRow,
                                             " per row, got ", row.contacts_size()));
    } else {
      for (int i = 0; i < row.contacts_size(); ++i) {
        // Only what CreateContact reads of a new contact.
        v1::Contact& contact = item.contacts.emplace_back();
        const v1::Contact& given = row.contacts(i);
        contact.set_display_name(given.display_name());
        contact.set_title(given.title());
        contact.set_department(given.department());
        contact.set_decision_role(given.decision_role());
        contact.set_phone(given.phone());
        contact.set_email(given.email());
        contact.set_wechat(given.wechat());
        ValidateContact(contact, ContactInputPaths(), crm::StrCat("contacts[", i, "]."),
                        violations);
      }
    }
    if (!violations.empty()) {
      v1::ImportRowResult& result = *response_.add_results();
      result.set_row_number(row.row_number());
      result.set_outcome(v1::ImportRowResult::REJECTED);
      for (const auto& violation : violations.bad_request().field_violations()) {
        v1::ImportViolation& out = *result.add_violations();
        out.set_field(violation.field());
        out.set_description(violation.description());
      }
      return;
    }
    if (item.customer.display_name().empty()) {
      item.customer.set_display_name(item.customer.legal_name());
    }
    // Used only when the row creates a customer: the owner of an existing
    // one changes with SetCustomerOwner.
    if (item.customer.owner_org_unit().empty()) {
      item.customer.set_owner_org_unit(principal_.org_unit());
    }
    // What an import sets is the identity fields; the rest has its own calls.
    item.customer.clear_name();
    item.customer.clear_account_team();
    item.customer.clear_external_references();
    item.customer.clear_etag();
    items_.push_back(std::move(item));
  }

  // Writes the buffered rows as one batch, then sends every result gathered
  // since the last message; `last`: the call finishes after that.
  void FlushAndSend(bool last) {
    if (!items_.empty()) {
      absl::StatusOr<ImportBatchResult> written = deps_.importer->WriteBatch(mutation_, items_);
      items_.clear();
      if (!written.ok()) {
        // Results of rows rejected earlier still go out; the batch's rows
        // were not written and get none.
        FinishAfterPending(written.status());
        return;
      }
      for (const ImportedVersion& changed : written->updated) {
        deps_.cache->AfterChange(changed.id, changed.version);
      }
      for (v1::ImportRowResult& row : written->rows) {
        *response_.add_results() = std::move(row);
      }
    }
    if (last) finish_after_write_ = grpc::Status::OK;
    SendPending();
  }

  // Sends what is pending, then finishes with `status`.
  void FinishAfterPending(const absl::Status& status) {
    items_.clear();
    finish_after_write_ = status::ToGrpc(status);
    SendPending();
  }

  void SendPending() {
    if (response_.results_size() == 0) {
      if (finish_after_write_.has_value()) {
        Finish(*finish_after_write_);
      } else {
        StartRead(&request_);
      }
      return;
    }
    sent_ = std::move(response_);
    response_.Clear();
    StartWrite(&sent_);
  }

  grpc::CallbackServerContext& context_;
  const ImportDeps& deps_;
  auth::v1::Principal principal_;
  MutationContext mutation_;
  v1::ImportCustomersRequest request_;
  std::vector<ImportItem> items_;         // validated, not yet written
  v1::ImportCustomersResponse response_;  // results not yet sent
  v1::ImportCustomersResponse sent_;      // the message being written
  std::optional<grpc::Status> finish_after_write_;
};

}  // namespace

ImportReactor* ImportHandler::ImportCustomers(grpc::CallbackServerContext* context) {
  return new ImportCall(context, deps_);
}

}  // namespace crm::customer
