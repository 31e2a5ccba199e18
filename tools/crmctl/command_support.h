#ifndef CRM_TOOLS_CRMCTL_COMMAND_SUPPORT_H_
#define CRM_TOOLS_CRMCTL_COMMAND_SUPPORT_H_

#include <ostream>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/rpc_call.h"

namespace crm::crmctl {

// The shape most commands share: build the request from the command line,
// make one call, print the response as JSON or with `print` for a terminal.
template <typename Stub, typename Request, typename Response>
absl::Status RunUnary(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out, absl::StatusOr<Request> (*build)(const Invocation&),
                      StubMethod<Stub, Request, Response> method,
                      void (*print)(const Response&, std::ostream&)) {
  absl::StatusOr<Request> request = build(invocation);
  if (!request.ok()) return request.status();
  Response response;
  absl::Status status = Call(stub, method, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  print(response, out);
  return absl::OkStatus();
}

// The shape of List commands: every page with --all, one document or table.
// `print` shows a non-empty list; `what` names the items for an empty one.
template <typename Stub, typename Request, typename Response>
absl::Status RunList(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out, absl::StatusOr<Request> (*build)(const Invocation&),
                     StubMethod<Stub, Request, Response> method, int (*count)(const Response&),
                     void (*print)(const Response&, std::ostream&), const char* what) {
  absl::StatusOr<Request> request = build(invocation);
  if (!request.ok()) return request.status();
  Response response;
  absl::Status status = CallPages(stub, method, contexts, *std::move(request),
                                  invocation.flags.IsOn("all"), &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  if (count(response) == 0) {
    out << "No " << what << " found.\n";
  } else {
    print(response, out);
  }
  if (!response.next_page_token().empty()) {
    out << "More " << what << ": add --all, or --page-token " << response.next_page_token() << '\n';
  }
  return absl::OkStatus();
}

// The shape of a change of an existing resource that carries its etag
// (update, stage, submit, approve, ...): when the built request has none
// (no --etag), the resource is read with `get` first and its current etag
// sent, so the change applies to whatever is there now. `name_of` and
// `etag_of` say where the request keeps the name and the etag.
template <typename Stub, typename Request, typename Resource, typename GetRequest>
absl::Status RunChange(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out, absl::StatusOr<Request> (*build)(const Invocation&),
                       StubMethod<Stub, Request, Resource> method,
                       StubMethod<Stub, GetRequest, Resource> get,
                       const std::string& (*name_of)(const std::type_identity_t<Request>&),
                       std::string* (*etag_of)(std::type_identity_t<Request>&),
                       void (*print)(const Resource&, std::ostream&)) {
  absl::StatusOr<Request> request = build(invocation);
  if (!request.ok()) return request.status();
  if (etag_of(*request)->empty()) {
    GetRequest get_request;
    get_request.set_name(name_of(*request));
    Resource current;
    absl::Status status = Call(stub, get, contexts, get_request, &current);
    if (!status.ok()) return status;
    *etag_of(*request) = current.etag();
  }
  Resource response;
  absl::Status status = Call(stub, method, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  print(response, out);
  return absl::OkStatus();
}

// Where most change requests keep the resource's name and etag.
template <typename Request>
const std::string& NameOf(const Request& request) {
  return request.name();
}
template <typename Request>
std::string* EtagOf(Request& request) {
  return request.mutable_etag();
}

// Adapts a command function to CommandSpec::run.
template <absl::Status (*kRun)(const Invocation&, CustomerStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status Dispatch(const Invocation& invocation, const Connection& connection,
                      std::ostream& out) {
  return kRun(invocation, connection.customers, connection.contexts, out);
}

// The same for a command of the gateway's OrgService.
template <absl::Status (*kRun)(const Invocation&, OrgStub&, const ContextFactory&, std::ostream&)>
absl::Status DispatchOrg(const Invocation& invocation, const Connection& connection,
                         std::ostream& out) {
  return kRun(invocation, connection.org, connection.contexts, out);
}

// The same for a command of the HierarchyService.
template <absl::Status (*kRun)(const Invocation&, HierarchyStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status DispatchHierarchy(const Invocation& invocation, const Connection& connection,
                               std::ostream& out) {
  return kRun(invocation, connection.hierarchy, connection.contexts, out);
}

// The same for a command of the OpportunityService.
template <absl::Status (*kRun)(const Invocation&, OpportunityStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status DispatchOpportunity(const Invocation& invocation, const Connection& connection,
                                 std::ostream& out) {
  return kRun(invocation, connection.opportunities, connection.contexts, out);
}

// The same for a command of the ContractService.
template <absl::Status (*kRun)(const Invocation&, ContractStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status DispatchContract(const Invocation& invocation, const Connection& connection,
                              std::ostream& out) {
  return kRun(invocation, connection.contracts, connection.contexts, out);
}

// The same for a command of the CollaborationService.
template <absl::Status (*kRun)(const Invocation&, CollaborationStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status DispatchCollaboration(const Invocation& invocation, const Connection& connection,
                                   std::ostream& out) {
  return kRun(invocation, connection.collaboration, connection.contexts, out);
}

// The same for a command of the ScoringService.
template <absl::Status (*kRun)(const Invocation&, ScoringStub&, const ContextFactory&,
                               std::ostream&)>
absl::Status DispatchScoring(const Invocation& invocation, const Connection& connection,
                             std::ostream& out) {
  return kRun(invocation, connection.scoring, connection.contexts, out);
}

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMAND_SUPPORT_H_
