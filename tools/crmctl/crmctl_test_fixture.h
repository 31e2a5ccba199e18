#ifndef CRM_TOOLS_CRMCTL_CRMCTL_TEST_FIXTURE_H_
#define CRM_TOOLS_CRMCTL_CRMCTL_TEST_FIXTURE_H_

// Shared fixtures of the crmctl command tests: an in-process server that
// whole command lines run against, and a recorder for what fake services saw.

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Values a fake service records on the server's threads and the test reads
// on its own.
template <typename T>
class Recorder {
 public:
  void Add(T value) {
    std::lock_guard lock(mutex_);
    values_.push_back(std::move(value));
  }

  std::vector<T> all() const {
    std::lock_guard lock(mutex_);
    return values_;
  }

  // The latest value; a default one before any came.
  T last() const {
    std::lock_guard lock(mutex_);
    return values_.empty() ? T() : values_.back();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<T> values_;
};

// Runs crmctl command lines against an in-process server holding the services
// a subclass registers. out_ and err_ hold what the latest Run printed.
class CrmctlServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    RegisterServices(builder);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Shutdown();
      // Now, while the services a subclass owns still live.
      server_.reset();
    }
    if (!home_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(home_, ignored);
    }
  }

  virtual void RegisterServices(grpc::ServerBuilder& builder) = 0;

  // Gives the runs a home of their own, so a saved token never leaves the
  // test; TearDown removes it.
  void UseTemporaryHome() {
    std::string pattern = (std::filesystem::temp_directory_path() / "crmctl-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    home_ = pattern;
    defaults_.home = home_;
    defaults_.saved_token_path = home_ + "/.config/crmctl/token";
  }

  // `input` stands in for standard input, so no run waits on the terminal.
  int Run(const std::vector<std::string>& args, const std::string& input = "") {
    out_.str("");
    err_.str("");
    std::istringstream in(input);
    return RunCrmctl(
        args, defaults_,
        [this](const std::string&) { return server_->InProcessChannel(grpc::ChannelArguments()); },
        in, out_, err_);
  }

  std::unique_ptr<grpc::Server> server_;
  std::string home_;
  Defaults defaults_;
  std::ostringstream out_;
  std::ostringstream err_;
};

// The common case: the server holds one fake service, service_.
template <typename Service>
class CrmctlCommandTest : public CrmctlServerTest {
 protected:
  void RegisterServices(grpc::ServerBuilder& builder) override {
    builder.RegisterService(&service_);
  }

  Service service_;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CRMCTL_TEST_FIXTURE_H_
