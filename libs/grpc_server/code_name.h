#ifndef CRM_LIBS_GRPC_SERVER_CODE_NAME_H_
#define CRM_LIBS_GRPC_SERVER_CODE_NAME_H_

#include <string_view>

#include "grpcpp/support/status_code_enum.h"

namespace crm::server {

// The canonical name of a status code: "OK", "INVALID_ARGUMENT", ...; codes
// outside the enum (a peer may send any integer) are "UNKNOWN". Returns a
// static string, so it is free to use as a metric label or log field.
std::string_view CodeName(grpc::StatusCode code);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_CODE_NAME_H_
