#ifndef CRM_LIBS_TESTING_FREE_PORT_H_
#define CRM_LIBS_TESTING_FREE_PORT_H_

#include "absl/status/statusor.h"

namespace crm::testing {

// A loopback port the kernel just handed out and let go, for a server a test
// starts in another process. Another process could take it in between; on
// this machine's test runs nothing else asks for ports that way.
absl::StatusOr<int> FreeLoopbackPort();

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_FREE_PORT_H_
