#ifndef CRM_LIBS_VALIDATION_ENUM_VALUE_H_
#define CRM_LIBS_VALIDATION_ENUM_VALUE_H_

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "libs/status/status.h"

// Enum fields of a request. Proto3 enums are open: a client can send any
// number, and the generated code keeps it. A number the enum does not define
// is refused here with the names the field accepts, never stored as
// something else.
namespace crm::validation {

// Whether a field may be left at its zero (`*_UNSPECIFIED`) value.
enum class Presence { kOptional, kRequired };

// Adds a violation under `field` when `value` is not a number of `type`, or is
// zero and the field is required:
//   "edge_type: 77 is not a known EdgeType; use one of WHOLLY_OWNED, ..."
//   "edge_type: required; use one of WHOLLY_OWNED, ..."
void CheckEnum(const google::protobuf::EnumDescriptor& type, int value, std::string_view field,
               Presence presence, status::FieldViolations& violations);

// The same, accepting only the listed values (the zero value still depends
// on `presence`); a known value not in `allowed` is named in the violation.
void CheckEnumIn(const google::protobuf::EnumDescriptor& type, int value,
                 std::span<const int> allowed, std::string_view field, Presence presence,
                 status::FieldViolations& violations);

template <typename Enum>
void CheckEnum(int value, std::string_view field, Presence presence,
               status::FieldViolations& violations) {
  CheckEnum(*google::protobuf::GetEnumDescriptor<Enum>(), value, field, presence, violations);
}

template <typename Enum>
void CheckEnumIn(int value, std::initializer_list<Enum> allowed, std::string_view field,
                 Presence presence, status::FieldViolations& violations) {
  std::vector<int> numbers(allowed.begin(), allowed.end());
  CheckEnumIn(*google::protobuf::GetEnumDescriptor<Enum>(), value, numbers, field, presence,
              violations);
}

// The non-zero names of `type`, e.g. "WHOLLY_OWNED, CONTROLLED or BRANCH".
std::string EnumNames(const google::protobuf::EnumDescriptor& type);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_ENUM_VALUE_H_
