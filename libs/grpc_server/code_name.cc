#include "libs/grpc_server/code_name.h"

#include <array>

namespace crm::server {
namespace {

// Indexed by the code's value; the gRPC codes are dense from 0 to 16.
constexpr std::array<std::string_view, 17> kCodeNames = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

static_assert(grpc::StatusCode::UNAUTHENTICATED == 16);

}  // namespace

std::string_view CodeName(grpc::StatusCode code) {
  const int value = static_cast<int>(code);
  if (value < 0 || value >= static_cast<int>(kCodeNames.size())) return "UNKNOWN";
  return kCodeNames[value];
}

}  // namespace crm::server
