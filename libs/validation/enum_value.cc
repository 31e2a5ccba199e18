#include "libs/validation/enum_value.h"

#include <algorithm>
#include <vector>

#include "libs/strings/str_cat.h"

namespace crm::validation {
namespace {

// "A, B or C" for the values' names.
std::string NameList(const std::vector<const google::protobuf::EnumValueDescriptor*>& values) {
  std::string list;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) list += i + 1 == values.size() ? " or " : ", ";
    list += values[i]->name();
  }
  return list;
}

// The non-zero values of `type` that are in `allowed` (all when it is empty),
// in declaration order, once each.
std::vector<const google::protobuf::EnumValueDescriptor*> Accepted(
    const google::protobuf::EnumDescriptor& type, std::span<const int> allowed) {
  std::vector<const google::protobuf::EnumValueDescriptor*> values;
  for (int i = 0; i < type.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type.value(i);
    if (value->number() == 0) continue;
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), value->number()) == allowed.end()) {
      continue;
    }
    const bool alias = std::any_of(values.begin(), values.end(), [&](const auto* seen) {
      return seen->number() == value->number();
    });
    if (!alias) values.push_back(value);
  }
  return values;
}

void Check(const google::protobuf::EnumDescriptor& type, int value, std::span<const int> allowed,
           std::string_view field, Presence presence, status::FieldViolations& violations) {
  const auto accepted = Accepted(type, allowed);
  const std::string use =
      crm::StrCat("; use ", accepted.size() == 1 ? "" : "one of ", NameList(accepted));
  const google::protobuf::EnumValueDescriptor* known = type.FindValueByNumber(value);
  if (known == nullptr) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": ", value, " is not a known ", type.name(), use));
    return;
  }
  if (value == 0) {
    if (presence == Presence::kRequired) {
      violations.Add(std::string(field), crm::StrCat(field, ": required", use));
    }
    return;
  }
  const bool listed = std::any_of(accepted.begin(), accepted.end(),
                                  [&](const auto* v) { return v->number() == value; });
  if (!listed) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": ", known->name(), " is not accepted here", use));
  }
}

}  // namespace

void CheckEnum(const google::protobuf::EnumDescriptor& type, int value, std::string_view field,
               Presence presence, status::FieldViolations& violations) {
  Check(type, value, {}, field, presence, violations);
}

void CheckEnumIn(const google::protobuf::EnumDescriptor& type, int value,
                 std::span<const int> allowed, std::string_view field, Presence presence,
                 status::FieldViolations& violations) {
  Check(type, value, allowed, field, presence, violations);
}

std::string EnumNames(const google::protobuf::EnumDescriptor& type) {
  return NameList(Accepted(type, {}));
}

}  // namespace crm::validation
