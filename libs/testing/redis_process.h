#ifndef CRM_LIBS_TESTING_REDIS_PROCESS_H_
#define CRM_LIBS_TESTING_REDIS_PROCESS_H_

#include <sys/types.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace crm::testing {

// A private redis-server on a free loopback port, without persistence, that a
// test may pause, stop and restart to see how code behaves in an outage.
// Killed when destroyed. Needs redis-server on PATH (scripts/install-deps.sh).
class RedisProcess final {
  struct Token {
    explicit Token() = default;
  };

 public:
  // UNAVAILABLE when redis-server cannot start or does not answer PING.
  static absl::StatusOr<std::unique_ptr<RedisProcess>> Start();

  RedisProcess(Token, int port);
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;
  ~RedisProcess();

  int port() const { return port_; }

  // SIGSTOP: connections stay open but nothing answers (a hung server).
  void Pause();
  // SIGCONT after Pause; the server still holds its data.
  void Resume();
  // Kills the server; its data is gone.
  void Stop();
  // Starts a fresh, empty server on the same port.
  absl::Status Restart();

 private:
  absl::Status Launch();

  const int port_;
  pid_t pid_ = -1;
};

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_REDIS_PROCESS_H_
