#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_ROW_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_ROW_H_

#include <cstdint>
#include <optional>
#include <string>

#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/etag/etag.h"
#include "pqxx/pqxx"

namespace crm::customer {

// The select list that CustomerFromRow reads, for table alias `c`: the row,
// its account team and external references (as JSON), times as epoch µs.
extern const char kCustomerColumns[];

v1::Customer CustomerFromRow(const pqxx::row& row);

google::protobuf::Timestamp TimestampFromMicros(int64_t micros);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_ROW_H_
