#include "libs/grpc_server/termination_signals.h"

#include <pthread.h>
#include <signal.h>

#include "libs/log/log.h"

namespace crm::server {
namespace {

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void BlockTerminationSignals() {
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void WaitForTerminationSignal() {
  // sigwait needs the signals blocked here too; harmless when main did it.
  BlockTerminationSignals();
  const sigset_t signals = TerminationSignals();
  int signal = 0;
  while (sigwait(&signals, &signal) != 0) {
  }
  crm::log::Info("termination signal received",
                 {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
}

void RunUntilSignalled(GrpcServer& server) {
  WaitForTerminationSignal();
  server.Shutdown();
}

}  // namespace crm::server
