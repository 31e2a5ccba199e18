#ifndef CRM_SERVICES_CONTRACT_APPROVALS_APPROVALS_TEST_SUPPORT_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_APPROVALS_TEST_SUPPORT_H_

// Calls of the approvals' pgtests through the contract service's gRPC API
// (services/contract/testing), as a given principal, each answering the
// status the caller saw (status::FromGrpc) and the message.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/testing/contract_test_env.h"

namespace crm::contract::testing {

using Principal = auth::v1::Principal;

inline std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

inline std::string Meta(const absl::Status& status, const std::string& key) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  if (!info.has_value() || !info->metadata().contains(key)) return "";
  return info->metadata().at(key);
}

inline std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
  return fields;
}

inline common::v1::Money Yuan(int64_t yuan) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(yuan * 100);
  return money;
}

inline common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

inline std::vector<std::string> Roles(const v1::Contract& contract) {
  std::vector<std::string> roles;
  for (const v1::ApprovalStep& step : contract.approval_steps()) roles.push_back(step.role());
  return roles;
}

// A contract of `yuan` CNY on `customer` from `start` to `end`, paid 30% at
// the start and the rest at the end (no milestones for a framework).
inline v1::Contract Values(v1::ContractKind kind, const std::string& customer, int64_t yuan,
                           const common::v1::Date& start, const common::v1::Date& end,
                           const std::string& title = "储能设备采购合同") {
  v1::Contract c;
  c.set_kind(kind);
  c.set_title(title);
  c.set_customer(customer);
  *c.mutable_amount() = Yuan(yuan);
  *c.mutable_start_date() = start;
  *c.mutable_end_date() = end;
  if (kind != v1::FRAMEWORK) {
    const int64_t first = yuan * 3 / 10;
    v1::PaymentMilestone* deposit = c.add_payment_milestones();
    *deposit->mutable_due_date() = start;
    *deposit->mutable_amount() = Yuan(first);
    deposit->set_description("预付款");
    v1::PaymentMilestone* rest = c.add_payment_milestones();
    *rest->mutable_due_date() = end;
    *rest->mutable_amount() = Yuan(yuan - first);
    rest->set_description("验收款");
  }
  return c;
}

class Calls {
 public:
  explicit Calls(ContractTestEnv& env) : env_(env) {}

  absl::StatusOr<v1::Contract> Create(const Principal& as, const v1::Contract& values) {
    v1::CreateContractRequest request;
    *request.mutable_contract() = values;
    return Answer(&v1::ContractService::Stub::CreateContract, as, request);
  }
  absl::StatusOr<v1::Contract> Get(const Principal& as, const std::string& name) {
    v1::GetContractRequest request;
    request.set_name(name);
    return Answer(&v1::ContractService::Stub::GetContract, as, request);
  }
  absl::StatusOr<v1::Contract> Update(const Principal& as, const v1::Contract& values,
                                      const std::vector<std::string>& paths) {
    v1::UpdateContractRequest request;
    *request.mutable_contract() = values;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return Answer(&v1::ContractService::Stub::UpdateContract, as, request);
  }
  absl::StatusOr<v1::Contract> Submit(const Principal& as, const v1::Contract& c,
                                      const std::string& comment = "",
                                      const std::string& request_id = "") {
    v1::SubmitContractRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_comment(comment);
    request.set_request_id(request_id);
    return Answer(&v1::ContractService::Stub::SubmitContract, as, request);
  }
  absl::StatusOr<v1::Contract> Approve(const Principal& as, const v1::Contract& c,
                                       const std::string& comment = "同意",
                                       const std::string& request_id = "") {
    v1::ApproveContractRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_comment(comment);
    request.set_request_id(request_id);
    return Answer(&v1::ContractService::Stub::ApproveContract, as, request);
  }
  absl::StatusOr<v1::Contract> Reject(const Principal& as, const v1::Contract& c,
                                      const std::string& comment) {
    v1::RejectContractRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_comment(comment);
    return Answer(&v1::ContractService::Stub::RejectContract, as, request);
  }
  absl::StatusOr<v1::Contract> Sign(const Principal& as, const v1::Contract& c,
                                    const std::optional<common::v1::Date>& date = std::nullopt) {
    v1::SignContractRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    if (date.has_value()) *request.mutable_signing_date() = *date;
    return Answer(&v1::ContractService::Stub::SignContract, as, request);
  }
  absl::StatusOr<v1::Contract> Terminate(const Principal& as, const v1::Contract& c,
                                         const std::string& reason) {
    v1::TerminateContractRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_reason(reason);
    return Answer(&v1::ContractService::Stub::TerminateContract, as, request);
  }
  // Every page of the caller's inbox, `page_size` at a time.
  absl::StatusOr<std::vector<std::string>> Inbox(const Principal& as, int page_size = 0) {
    v1::ListApprovalInboxRequest request;
    request.set_page_size(page_size);
    std::vector<std::string> names;
    while (true) {
      absl::StatusOr<v1::ListApprovalInboxResponse> page =
          Answer(&v1::ContractService::Stub::ListApprovalInbox, as, request);
      if (!page.ok()) return page.status();
      for (const v1::Contract& c : page->contracts()) names.push_back(c.name());
      if (page->next_page_token().empty()) return names;
      request.set_page_token(page->next_page_token());
    }
  }
  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> History(const Principal& as,
                                                                const std::string& name) {
    v1::ListContractHistoryRequest request;
    request.set_parent(name);
    absl::StatusOr<v1::ListContractHistoryResponse> page =
        Answer(&v1::ContractService::Stub::ListContractHistory, as, request);
    if (!page.ok()) return page.status();
    return std::vector<v1::ContractHistoryEntry>(page->entries().begin(), page->entries().end());
  }
  absl::StatusOr<v1::ApprovalPolicy> Policy(const Principal& as) {
    return Answer(&v1::ContractService::Stub::GetApprovalPolicy, as,
                  v1::GetApprovalPolicyRequest());
  }
  absl::StatusOr<v1::ApprovalPolicy> SetPolicy(const Principal& as,
                                               const v1::ApprovalPolicy& policy) {
    v1::UpdateApprovalPolicyRequest request;
    *request.mutable_approval_policy() = policy;
    return Answer(&v1::ContractService::Stub::UpdateApprovalPolicy, as, request);
  }

  // The number of events of `type` recorded for contract `name`.
  int Events(const std::string& name, std::string_view type) {
    return std::stoi(
        env_.QueryValue(crm::StrCat("SELECT count(*) FROM contract.events WHERE resource = '", name,
                                    "' AND type = '", type, "'")));
  }

  // Creates and submits; the submitted contract.
  v1::Contract Submitted(const Principal& as, const v1::Contract& values) {
    absl::StatusOr<v1::Contract> created = Create(as, values);
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return v1::Contract();
    absl::StatusOr<v1::Contract> submitted = Submit(as, *created, "请审批");
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    return submitted.value_or(*created);
  }

  // Approves the steps in turn, each by the first of `approvers` holding its
  // role, up to the first step none of them holds; the contract then.
  v1::Contract ApprovedBy(v1::Contract c, const std::vector<Principal>& approvers) {
    const std::vector<v1::ApprovalStep> steps(c.approval_steps().begin(), c.approval_steps().end());
    for (const v1::ApprovalStep& step : steps) {
      bool acted = false;
      for (const Principal& approver : approvers) {
        if (std::find(approver.roles().begin(), approver.roles().end(), step.role()) ==
            approver.roles().end()) {
          continue;
        }
        absl::StatusOr<v1::Contract> next = Approve(approver, c);
        EXPECT_TRUE(next.ok()) << next.status();
        if (next.ok()) c = *next;
        acted = next.ok();
        break;
      }
      if (!acted) break;
    }
    return c;
  }

 private:
  template <typename Request, typename Response>
  absl::StatusOr<Response> Answer(grpc::Status (v1::ContractService::Stub::*method)(
                                      grpc::ClientContext*, const Request&, Response*),
                                  const Principal& as, const Request& request) {
    Response response;
    const grpc::Status status = (env_.stub().*method)(env_.As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    return response;
  }

  ContractTestEnv& env_;
};

}  // namespace crm::contract::testing

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_APPROVALS_TEST_SUPPORT_H_
