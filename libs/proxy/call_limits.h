#ifndef CRM_LIBS_PROXY_CALL_LIMITS_H_
#define CRM_LIBS_PROXY_CALL_LIMITS_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace crm::proxy {

// How long one forwarded call may run.
struct CallLimits {
  // The deadline a call gets when its caller set none; InfiniteDuration: none.
  absl::Duration default_deadline = absl::Seconds(30);
  // The most any call gets: a caller's longer deadline is cut to it;
  // InfiniteDuration: the caller's own deadline stands.
  absl::Duration max_deadline = absl::Seconds(60);
  // A call with no message either way for this long is ended with
  // DEADLINE_EXCEEDED (reason STREAM_IDLE); zero: never. Meant for streams
  // that run for minutes (bulk imports, change-feed watches), where a total
  // deadline would cut a healthy stream short.
  absl::Duration idle_timeout = absl::ZeroDuration();

  friend bool operator==(const CallLimits&, const CallLimits&) = default;
};

// Limits per method, from a small text table, falling back to one default:
//
//   # method                                             deadline  max   idle
//   crm.customer.v1.CustomerService/ImportCustomers      none      none  60s
//   crm.hierarchy.v1.HierarchyService/*                  10s       20s   -
//
// A method's own line wins over its service's `Service/*` line, which wins
// over the default. Durations are absl::ParseDuration strings ("90s", "2m");
// "none" means no limit and "-" no idle timeout.
class MethodLimits {
 public:
  MethodLimits() = default;
  explicit MethodLimits(CallLimits fallback) : fallback_(fallback) {}

  // INVALID_ARGUMENT naming the line and what is wrong with it.
  static absl::StatusOr<MethodLimits> Parse(std::string_view text, CallLimits fallback);

  // The limits of "/package.Service/Method" (the form gRPC gives a server).
  const CallLimits& For(std::string_view method) const;

 private:
  CallLimits fallback_;
  // "package.Service/Method" or "package.Service/*" -> limits.
  absl::flat_hash_map<std::string, CallLimits> rules_;
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_CALL_LIMITS_H_
