#ifndef CRM_LIBS_GRPC_SERVER_SERVER_OPTIONS_H_
#define CRM_LIBS_GRPC_SERVER_SERVER_OPTIONS_H_

#include <string>

#include "absl/time/time.h"

namespace crm::server {

struct ServerOptions {
  // host:port to listen on; port 0 picks a free one (see GrpcServer::port()).
  std::string address = "127.0.0.1:0";
  // Written into every access-log line ("customer", "gateway").
  std::string service_name;
  // How long Shutdown() keeps serving after health turned NOT_SERVING, so
  // that load balancers and clients watching health stop sending before the
  // server stops accepting. 0 in tests and local runs; a few seconds where a
  // load balancer sits in front (Kubernetes: less than the pod's
  // terminationGracePeriodSeconds minus shutdown_grace).
  absl::Duration not_serving_delay = absl::ZeroDuration();
  // How long Shutdown() then lets in-flight calls finish before cancelling
  // them.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // host:port of the Prometheus HTTP exposer ("127.0.0.1:9464"); empty for
  // none, in which case metrics are still recorded in the registry.
  std::string metrics_address;
  // Largest request or response message, in bytes.
  int max_message_bytes = 4 << 20;
  // One JSON line per call; benchmarks switch it off.
  bool access_log = true;
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_SERVER_OPTIONS_H_
