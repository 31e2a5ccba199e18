#ifndef CRM_TOOLS_CRMCTL_RPC_CALL_H_
#define CRM_TOOLS_CRMCTL_RPC_CALL_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "libs/status/status.h"
#include "tools/crmctl/call_retry.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

// A unary method of a generated stub interface, e.g.
// &CustomerStub::GetCustomer or &OrgStub::GetUser.
template <typename Stub, typename Request, typename Response>
using StubMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

template <typename Request, typename Response>
using CustomerMethod = StubMethod<CustomerStub, Request, Response>;

// Makes one call, each attempt with a fresh context; the status keeps the
// server's details (ErrorInfo, BadRequest, RetryInfo) for the error printer.
// A call the server refused for now is repeated as the contexts' retry
// policy says, when repeating it is safe (see IsRepeatable).
template <typename Stub, typename Request, typename Response>
absl::Status Call(Stub& stub, StubMethod<Stub, Request, Response> method,
                  const ContextFactory& contexts, const Request& request, Response* response) {
  return RetryCall(contexts.retry_policy(), IsRepeatable(request), [&] {
    std::unique_ptr<grpc::ClientContext> context = contexts.New();
    response->Clear();
    return status::FromGrpc((stub.*method)(context.get(), request, response));
  });
}

// Calls a List method once, or with `all_pages` until the last page, and
// gives one response holding every item, so `-o json --all` prints one
// document.
template <typename Stub, typename Request, typename Response>
absl::Status CallPages(Stub& stub, StubMethod<Stub, Request, Response> method,
                       const ContextFactory& contexts, Request request, bool all_pages,
                       Response* response) {
  response->Clear();
  while (true) {
    Response page;
    absl::Status status = Call(stub, method, contexts, request, &page);
    if (!status.ok()) return status;
    std::string token = page.next_page_token();
    response->MergeFrom(page);
    // MergeFrom keeps the old token when the last page's is empty.
    response->set_next_page_token(token);
    if (!all_pages || token.empty()) return absl::OkStatus();
    if (token == request.page_token()) {
      return absl::InternalError("the server returned the same page token twice; stopped listing");
    }
    request.set_page_token(std::move(token));
  }
}

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_RPC_CALL_H_
