#include "libs/testing/redis_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "hiredis/hiredis.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/free_port.h"

extern char** environ;

namespace crm::testing {
namespace {

bool Pings(int port) {
  timeval timeout{0, 200000};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port, timeout);
  bool ok = false;
  if (c != nullptr && c->err == 0) {
    redisSetTimeout(c, timeout);
    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
    if (reply != nullptr) freeReplyObject(reply);
  }
  if (c != nullptr) redisFree(c);
  return ok;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisProcess>> RedisProcess::Start() {
  absl::StatusOr<int> port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  auto process = std::make_unique<RedisProcess>(Token(), *port);
  if (absl::Status s = process->Launch(); !s.ok()) return s;
  return process;
}

RedisProcess::RedisProcess(Token, int port) : port_(port) {}

RedisProcess::~RedisProcess() { Stop(); }

absl::Status RedisProcess::Launch() {
  std::vector<std::string> args = {
      "redis-server", "--port", crm::StrCat(port_), "--bind", "127.0.0.1", "--save", "",
      "--appendonly", "no",     "--loglevel",       "warning"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    return absl::UnavailableError("redis-server: cannot start (is it installed?)");
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    if (Pings(port_)) return absl::OkStatus();
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(crm::StrCat("redis-server exited at start on port ", port_));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  Stop();
  return absl::UnavailableError(
      crm::StrCat("redis-server on port ", port_, " did not answer PING within 10s"));
}

void RedisProcess::Pause() {
  if (pid_ > 0) kill(pid_, SIGSTOP);
}

void RedisProcess::Resume() {
  if (pid_ > 0) kill(pid_, SIGCONT);
}

void RedisProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

absl::Status RedisProcess::Restart() {
  Stop();
  return Launch();
}

}  // namespace crm::testing
