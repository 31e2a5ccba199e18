#ifndef CRM_SERVICES_COLLABORATION_BOARD_REQUEST_FILTER_H_
#define CRM_SERVICES_COLLABORATION_BOARD_REQUEST_FILTER_H_

// The narrowing of the board (and of a list of requests): a customer, a
// customer group's subtree, an org unit that requests or takes part, an
// urgency, a step, the caller's own. Parsed from the request's fields with
// every violation at once; turned into SQL conditions on a request aliased
// `r` with every value bound, so the statement is planned for the values
// given (a filter left out costs nothing).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/status/status.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// The fields as the API names them ("" / 0 / false: not narrowed).
struct RequestFilterFields {
  std::string_view customer;        // customers/{uuid}
  std::string_view customer_group;  // nodes/{node}
  std::string_view org_unit;        // orgUnits/{org_unit}
  int urgency = 0;
  int step = 0;
  bool mine = false;
};

struct RequestFilter {
  std::string customer_id;  // lower-case UUID
  int64_t group_node = 0;
  std::string org_unit;  // orgUnits/{org_unit}
  v1::Urgency urgency = v1::URGENCY_UNSPECIFIED;
  v1::CollaborationStep step = v1::COLLABORATION_STEP_UNSPECIFIED;
  // mine: the caller's user; a request is theirs when they raised it, own
  // its current step or own a participant's task.
  std::string user;
};

// Adds a violation per bad field (under its own name).
RequestFilter ParseRequestFilter(const RequestFilterFields& fields,
                                 const auth::v1::Principal& caller,
                                 status::FieldViolations& violations);

// The values of a statement being built, bound in order.
class SqlParams final {
 public:
  // Binds `value` and returns its placeholder, e.g. "$5".
  std::string Bind(std::string value);
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;
};

// The filter's conditions on `r`, each starting with " AND " ("" when it
// narrows nothing), their values bound to `params`.
std::string RequestFilterSql(const RequestFilter& filter, SqlParams& params);

// NOT_FOUND (NODE_NOT_FOUND) when the filter names a customer group node the
// group replica does not hold; OK otherwise.
absl::Status CheckGroupKnown(pqxx::transaction_base& tx, const RequestFilter& filter);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_BOARD_REQUEST_FILTER_H_
