#ifndef CRM_LIBS_GRPC_SERVER_SERVICE_SERVER_OPTIONS_H_
#define CRM_LIBS_GRPC_SERVER_SERVICE_SERVER_OPTIONS_H_

#include <string>
#include <string_view>

#include "libs/grpc_server/server_options.h"

namespace crm::server {

// What a service's own binary serves with, from the flags every binary
// shares (libs/config/service_flags.h, shutdown_flags.h): --listen, or
// `own_address` when it is empty; --metrics_address; --access_log; the
// shutdown delays. `service_name` names the server in logs and health.
ServerOptions ServiceServerOptions(std::string_view own_address, std::string service_name);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_SERVICE_SERVER_OPTIONS_H_
