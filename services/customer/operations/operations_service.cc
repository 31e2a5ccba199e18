#include "services/customer/operations/operations_service.h"

#include "absl/strings/ascii.h"
#include "libs/auth/data_scope.h"
#include "libs/grpc_server/unary_call.h"
#include "libs/names/operation_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

constexpr std::string_view kPrefix = "operations/";

// The uuid of "operations/customer/{uuid}" (or of the older
// "operations/{uuid}"), or "" with a violation.
std::string OperationIdOr(const std::string& name, status::FieldViolations& violations) {
  const std::optional<names::OperationNameParts> parts = names::ParseOperationName(name);
  if (!parts.has_value() || parts->service != kOperationService || !IsUuid(parts->id)) {
    violations.Add("name", crm::StrCat("name: ", Quote(name),
                                       " is not an operation like operations/customer/{uuid}"));
    return "";
  }
  return absl::AsciiStrToLower(parts->id);
}

}  // namespace

OperationsService::Reactor* OperationsService::Serve(Context* context, std::string_view method,
                                                     absl::FunctionRef<absl::Status()> handler) {
  return server::FinishUnary(context, method, [&]() -> absl::Status {
    absl::StatusOr<auth::v1::Principal> principal = verifier_.FromContext(*context);
    if (!principal.ok()) return principal.status();
    if (!auth::ScopeOf(*principal).all) {
      return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "HQ_ONLY",
                           "the customer service's operations are HQ's");
    }
    return handler();
  });
}

OperationsService::Reactor* OperationsService::GetOperation(
    Context* context, const google::longrunning::GetOperationRequest* request,
    google::longrunning::Operation* response) {
  return Serve(context, "GetOperation", [&]() -> absl::Status {
    status::FieldViolations violations;
    const std::string id = OperationIdOr(request->name(), violations);
    if (!violations.empty()) return violations.ToStatus(kDomain);
    absl::StatusOr<google::longrunning::Operation> found = store_.Get(id);
    if (!found.ok()) return found.status();
    *response = *std::move(found);
    return absl::OkStatus();
  });
}

OperationsService::Reactor* OperationsService::ListOperations(
    Context* context, const google::longrunning::ListOperationsRequest* request,
    google::longrunning::ListOperationsResponse* response) {
  return Serve(context, "ListOperations", [&]() -> absl::Status {
    status::FieldViolations violations;
    if (!request->filter().empty())
      violations.Add("filter", "filter: not supported; leave it empty");
    if (!request->name().empty() && !std::string_view(kPrefix).starts_with(request->name()) &&
        !request->name().starts_with(kPrefix)) {
      violations.Add("name", "name: a prefix of operations/ names, or empty");
    }
    if (!violations.empty()) return violations.ToStatus(kDomain);
    absl::StatusOr<int> page_size = pagination::NormalizePageSize(request->page_size(), kDomain);
    if (!page_size.ok()) return page_size.status();
    const std::string fingerprint =
        pagination::QueryFingerprint({"ListOperations", request->name()});
    absl::StatusOr<pagination::PageCursor> cursor =
        page_tokens_.Decode(request->page_token(), fingerprint, kDomain);
    if (!cursor.ok()) return cursor.status();
    const std::string after = cursor->last_key.empty() ? "" : cursor->last_key.front();
    absl::StatusOr<std::vector<OperationStore::Listed>> listed = store_.List(after, *page_size + 1);
    if (!listed.ok()) return listed.status();
    const bool more = static_cast<int>(listed->size()) > *page_size;
    if (more) listed->pop_back();
    // Every operation here is named operations/…, so a prefix filters little.
    for (OperationStore::Listed& item : *listed) {
      if (item.operation.name().starts_with(request->name())) {
        *response->add_operations() = std::move(item.operation);
      }
    }
    if (more) {
      response->set_next_page_token(
          page_tokens_.Encode(fingerprint, {.last_key = {listed->back().cursor}}));
    }
    return absl::OkStatus();
  });
}

OperationsService::Reactor* OperationsService::CancelOperation(
    Context* context, const google::longrunning::CancelOperationRequest* request,
    google::protobuf::Empty*) {
  return Serve(context, "CancelOperation", [&]() -> absl::Status {
    status::FieldViolations violations;
    const std::string id = OperationIdOr(request->name(), violations);
    if (!violations.empty()) return violations.ToStatus(kDomain);
    return store_.RequestCancel(id);
  });
}

OperationsService::Reactor* OperationsService::DeleteOperation(
    Context* context, const google::longrunning::DeleteOperationRequest* request,
    google::protobuf::Empty*) {
  return Serve(context, "DeleteOperation", [&]() -> absl::Status {
    status::FieldViolations violations;
    const std::string id = OperationIdOr(request->name(), violations);
    if (!violations.empty()) return violations.ToStatus(kDomain);
    return store_.Delete(id);
  });
}

}  // namespace crm::customer
