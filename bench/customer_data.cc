#include "bench/customer_data.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/auth/principal_metadata.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/rules/uscc.h"

namespace crm::bench {
namespace {

constexpr int kSeedThreads = 4;
constexpr char kNamePrefix[] = "customers/";

void Prepare(grpc::ClientContext& context, const std::string& principal) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  context.AddMetadata(auth::kPrincipalMetadataKey, principal);
}

absl::Status Failed(std::string_view what, const grpc::Status& status) {
  absl::Status s = status::FromGrpc(status);
  return absl::Status(s.code(), crm::StrCat(what, ": ", s.message()));
}

// Runs fn(i) for i in [0, count) on a few threads; the first error wins.
absl::Status ForEach(int count, const std::function<absl::Status(int)>& fn) {
  std::atomic<int> next{0};
  absl::Mutex mu;
  absl::Status first;
  std::vector<std::thread> threads;
  for (int t = 0; t < kSeedThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        absl::Status s = fn(i);
        if (s.ok()) continue;
        absl::MutexLock lock(&mu);
        if (first.ok()) first = s;
        next = count;  // stop the others early
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return first;
}

}  // namespace

customer::v1::Customer NewCustomer(int64_t n) {
  customer::v1::Customer customer;
  customer.set_legal_name(crm::StrCat("上海基准测试第", n, "号能源科技有限公司"));
  customer.set_short_name(crm::StrCat("基准", n));
  // 9 = market regulation, 1 = enterprise, 310115 = Pudong; then a
  // nine-digit organisation code that is unique per n within a run.
  const std::string first17 = absl::StrFormat("91310115%09d", n % 1000000000);
  customer.set_uscc(
      crm::StrCat(first17, std::string(1, customer::ExpectedCheckCharacter(first17))));
  customer.set_industry("C");
  customer.set_region("310115");
  customer.set_ownership_type(customer::v1::PRIVATE);
  customer.set_size_band(customer::v1::MEDIUM);
  customer.add_tags("基准");
  return customer;
}

absl::StatusOr<std::vector<std::string>> SeedCustomers(customer::v1::CustomerService::Stub& stub,
                                                       const std::string& principal, int count) {
  std::vector<std::string> ids(count);
  absl::Status status = ForEach(count, [&](int i) -> absl::Status {
    grpc::ClientContext context;
    Prepare(context, principal);
    customer::v1::CreateCustomerRequest request;
    *request.mutable_customer() = NewCustomer(i);
    customer::v1::Customer created;
    grpc::Status s = stub.CreateCustomer(&context, request, &created);
    if (!s.ok()) return Failed("CreateCustomer", s);
    if (!created.name().starts_with(kNamePrefix)) {
      return absl::InternalError(crm::StrCat("unexpected name ", created.name()));
    }
    ids[i] = created.name().substr(sizeof(kNamePrefix) - 1);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ids;
}

absl::Status ReadAll(customer::v1::CustomerService::Stub& stub, const std::string& principal,
                     const std::vector<std::string>& ids) {
  return ForEach(static_cast<int>(ids.size()), [&](int i) -> absl::Status {
    grpc::ClientContext context;
    Prepare(context, principal);
    customer::v1::GetCustomerRequest request;
    request.set_name(crm::StrCat(kNamePrefix, ids[i]));
    customer::v1::Customer customer;
    grpc::Status s = stub.GetCustomer(&context, request, &customer);
    if (!s.ok()) return Failed("GetCustomer", s);
    return absl::OkStatus();
  });
}

}  // namespace crm::bench
