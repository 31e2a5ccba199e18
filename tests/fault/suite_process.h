#ifndef CRM_TESTS_FAULT_SUITE_PROCESS_H_
#define CRM_TESTS_FAULT_SUITE_PROCESS_H_

// crm-suite as a real child process, the way an orchestrator runs it: its
// gateway on a free loopback port, its log in a file, stopped with a signal.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace crm::fault {

struct SuiteProcessOptions {
  std::string pg_dsn;
  std::string redis_address;
  // The HS256 secret of callers' tokens, the principal key and the other
  // keys are set in the child's environment to these test values.
  std::string token_secret;
  // More environment of the child, "NAME=value" (CRM_<FLAG> sets --<flag>).
  std::vector<std::string> environment;
};

class SuiteProcess final {
  struct Token {
    explicit Token() = default;
  };

 public:
  // Starts $CRM_BUILD_DIR/services/suite/crm-suite and waits until its
  // gateway answers health SERVING; UNAVAILABLE with the log's tail when it
  // exits or does not answer within a minute.
  static absl::StatusOr<std::unique_ptr<SuiteProcess>> Start(SuiteProcessOptions options);

  SuiteProcess(Token, int port, std::string log_path);
  SuiteProcess(const SuiteProcess&) = delete;
  SuiteProcess& operator=(const SuiteProcess&) = delete;
  // SIGKILL when still running.
  ~SuiteProcess();

  // The gateway's host:port.
  std::string address() const;

  void Signal(int signal);

  // The exit code once the process has ended (-signal when a signal ended
  // it); DEADLINE_EXCEEDED when it is still running after `timeout`.
  absl::StatusOr<int> WaitForExit(absl::Duration timeout);

  // The last lines of its log (stdout and stderr), for failure messages.
  std::string LogTail(int lines = 30) const;
  // The whole log.
  std::string Log() const;

 private:
  absl::Status Launch(const SuiteProcessOptions& options);

  const int port_;
  const std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace crm::fault

#endif  // CRM_TESTS_FAULT_SUITE_PROCESS_H_
