#include "tests/fault/suite_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/grpc_server/health_check.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/free_port.h"

extern char** environ;

namespace crm::fault {
namespace {

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return -WTERMSIG(wait_status);
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SuiteProcess>> SuiteProcess::Start(SuiteProcessOptions options) {
  absl::StatusOr<int> port = crm::testing::FreeLoopbackPort();
  if (!port.ok()) return port.status();
  char log_template[] = "/tmp/crm-suite-fault-XXXXXX";
  const int log_fd = mkstemp(log_template);
  if (log_fd < 0) return absl::UnavailableError("cannot create a log file in /tmp");
  close(log_fd);
  auto process = std::make_unique<SuiteProcess>(Token(), *port, log_template);
  if (absl::Status s = process->Launch(options); !s.ok()) return s;

  auto channel = grpc::CreateChannel(process->address(), grpc::InsecureChannelCredentials());
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  while (absl::Now() < give_up) {
    absl::StatusOr<server::ServingStatus> health =
        server::CheckHealth(channel, "", absl::Seconds(1));
    if (health.ok() && *health == server::ServingStatus::kServing) return process;
    int wait_status = 0;
    if (waitpid(process->pid_, &wait_status, WNOHANG) == process->pid_) {
      process->pid_ = -1;
      return absl::UnavailableError(crm::StrCat("crm-suite exited at start-up with ",
                                                ExitCode(wait_status), ":\n", process->LogTail()));
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  return absl::UnavailableError(
      crm::StrCat("crm-suite does not answer health within a minute:\n", process->LogTail()));
}

SuiteProcess::SuiteProcess(Token, int port, std::string log_path)
    : port_(port), log_path_(std::move(log_path)) {}

SuiteProcess::~SuiteProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  unlink(log_path_.c_str());
}

std::string SuiteProcess::address() const { return crm::StrCat("127.0.0.1:", port_); }

absl::Status SuiteProcess::Launch(const SuiteProcessOptions& options) {
  const char* build_dir = std::getenv("CRM_BUILD_DIR");
  if (build_dir == nullptr || *build_dir == '\0') {
    return absl::FailedPreconditionError("CRM_BUILD_DIR is not set; run this test through ctest");
  }
  const std::string binary = crm::StrCat(build_dir, "/services/suite/crm-suite");
  std::vector<std::string> args = {
      binary, crm::StrCat("--listen=", address()), "--customer_listen=127.0.0.1:0",
      "--hierarchy_listen=127.0.0.1:0",
      // Every service on a free port: a fixed default (50054)
      // may be a client's ephemeral port at that moment.
      "--opportunity_listen=127.0.0.1:0", "--contract_listen=127.0.0.1:0",
      "--collaboration_listen=127.0.0.1:0", "--scoring_listen=127.0.0.1:0",
      crm::StrCat("--pg_dsn=", options.pg_dsn),
      crm::StrCat("--redis_address=", options.redis_address)};
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  environment.push_back(crm::StrCat("CRM_JWT_HS256_SECRET=", options.token_secret));
  environment.push_back("CRM_PRINCIPAL_KEY=fault-test-principal-key-0123456789abcdef");
  environment.push_back("CRM_PII_KEY=fault-test-pii-key-0123456789abcdef01234");
  environment.push_back("CRM_PAGE_TOKEN_KEY=fault-test-page-token-key-0123456789abcd");
  for (const std::string& entry : options.environment) environment.push_back(entry);

  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_path_.c_str(), O_WRONLY | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  const int spawned = posix_spawn(&pid_, binary.c_str(), &files, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    pid_ = -1;
    return absl::UnavailableError(crm::StrCat("cannot start ", binary, " (built?)"));
  }
  return absl::OkStatus();
}

void SuiteProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

absl::StatusOr<int> SuiteProcess::WaitForExit(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("crm-suite is not running");
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    int wait_status = 0;
    if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = -1;
      return ExitCode(wait_status);
    }
    if (absl::Now() >= give_up) {
      return absl::DeadlineExceededError(
          crm::StrCat("crm-suite still runs ", absl::FormatDuration(timeout), " later"));
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
}

std::string SuiteProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SuiteProcess::LogTail(int lines) const {
  std::istringstream in(Log());
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(std::move(line));
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  std::string out;
  for (const std::string& line : tail) out += line + "\n";
  return out;
}

}  // namespace crm::fault
