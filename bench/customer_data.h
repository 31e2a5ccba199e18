#ifndef CRM_BENCH_CUSTOMER_DATA_H_
#define CRM_BENCH_CUSTOMER_DATA_H_

// Customers for the bench: valid, distinct records made through the API, so
// the rows and cache entries read later are exactly what the service writes.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"

namespace crm::bench {

// A customer that passes validation, distinct for every `n` (legal name and
// unified social credit code).
customer::v1::Customer NewCustomer(int64_t n);

// Creates customers 0..count-1 through `stub`, a few calls at a time, and
// returns their ids (the {customer} of customers/{customer}).
absl::StatusOr<std::vector<std::string>> SeedCustomers(customer::v1::CustomerService::Stub& stub,
                                                       const std::string& principal, int count);

// Reads every customer once through `stub`, which fills its cache.
absl::Status ReadAll(customer::v1::CustomerService::Stub& stub, const std::string& principal,
                     const std::vector<std::string>& ids);

}  // namespace crm::bench

#endif  // CRM_BENCH_CUSTOMER_DATA_H_
