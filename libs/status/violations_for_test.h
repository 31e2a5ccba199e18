#ifndef CRM_LIBS_STATUS_VIOLATIONS_FOR_TEST_H_
#define CRM_LIBS_STATUS_VIOLATIONS_FOR_TEST_H_

// For validators' tests: what a FieldViolations holds, as plain strings that
// gmock matchers can compare.

#include <string>
#include <vector>

#include "libs/status/status.h"

namespace crm::status::testing {

inline std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.push_back(v.field());
  return fields;
}

inline std::vector<std::string> Descriptions(const status::FieldViolations& violations) {
  std::vector<std::string> descriptions;
  for (const auto& v : violations.bad_request().field_violations()) {
    descriptions.push_back(v.description());
  }
  return descriptions;
}

}  // namespace crm::status::testing

#endif  // CRM_LIBS_STATUS_VIOLATIONS_FOR_TEST_H_
