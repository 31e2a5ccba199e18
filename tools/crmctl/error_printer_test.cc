#include "tools/crmctl/error_printer.h"

#include <sstream>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::crmctl {
namespace {

// A status as the server sends it: a google.rpc.Status in the details.
grpc::Status ServerStatus(const google::rpc::Status& rpc_status) {
  return grpc::Status(static_cast<grpc::StatusCode>(rpc_status.code()), rpc_status.message(),
                      rpc_status.SerializeAsString());
}

TEST(ErrorPrinterTest, PrintsViolationsReasonAndMetadata) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  rpc_status.set_message("request has 2 invalid fields: customer.uscc, customer.legal_name");
  google::rpc::BadRequest bad_request;
  auto* uscc = bad_request.add_field_violations();
  uscc->set_field("customer.uscc");
  uscc->set_description("check character should be 9, not X");
  auto* legal_name = bad_request.add_field_violations();
  legal_name->set_field("customer.legal_name");
  legal_name->set_description("法定全称 is required");
  rpc_status.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_ARGUMENT");
  info.set_domain("customer.crm");
  (*info.mutable_metadata())["fields"] = "customer.uscc,customer.legal_name";
  (*info.mutable_metadata())["example"] = "two words";
  rpc_status.add_details()->PackFrom(info);

  std::ostringstream err;
  PrintError(status::FromGrpc(ServerStatus(rpc_status)), err);
  EXPECT_EQ(err.str(),
            "error: INVALID_ARGUMENT: request has 2 invalid fields: "
            "customer.uscc, customer.legal_name\n"
            "  customer.uscc: check character should be 9, not X\n"
            "  customer.legal_name: 法定全称 is required\n"
            "  reason: INVALID_ARGUMENT (customer.crm) example=\"two words\" "
            "fields=customer.uscc,customer.legal_name\n");
}

TEST(ErrorPrinterTest, PrintsRetryDelay) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  rpc_status.set_message("too many requests; retry later");
  google::rpc::ErrorInfo info;
  info.set_reason("RATE_LIMITED");
  info.set_domain("gateway.crm");
  rpc_status.add_details()->PackFrom(info);
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(2);
  rpc_status.add_details()->PackFrom(retry);

  std::ostringstream err;
  PrintError(status::FromGrpc(ServerStatus(rpc_status)), err);
  EXPECT_EQ(err.str(),
            "error: RESOURCE_EXHAUSTED: too many requests; retry later\n"
            "  reason: RATE_LIMITED (gateway.crm)\n"
            "  retry after: 2s\n");
}

TEST(ErrorPrinterTest, PlainTransportErrorHasOneLine) {
  std::ostringstream err;
  PrintError(status::FromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                           "failed to connect to all "
                                           "addresses")),
             err);
  EXPECT_EQ(err.str(), "error: UNAVAILABLE: failed to connect to all addresses\n");
}

TEST(ErrorPrinterTest, AMultiLineMessageStaysOnOneLine) {
  std::ostringstream err;
  PrintError(absl::NotFoundError("customer not found\nsee the id"), err);
  EXPECT_EQ(err.str(), "error: NOT_FOUND: customer not found see the id\n");
}

}  // namespace
}  // namespace crm::crmctl
