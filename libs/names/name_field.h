#ifndef CRM_LIBS_NAMES_NAME_FIELD_H_
#define CRM_LIBS_NAMES_NAME_FIELD_H_

#include <optional>
#include <string>
#include <string_view>

#include "libs/status/status.h"

namespace crm::names {

// A name parser of resource_names.h: the id in a name, or nullopt.
using NameParser = std::optional<std::string> (*)(std::string_view name);

// The id in a request's name field, or "" with a violation under `field` that
// says what is wrong and shows `example`: "parent: is required, e.g.
// orgUnits/sub-east" or "parent: 'x' is not an org unit name like
// orgUnits/sub-east" (`kind` "an org unit").
std::string IdOr(std::string_view name, std::string_view field, NameParser parse,
                 std::string_view kind, std::string_view example,
                 status::FieldViolations& violations);

// IdOr for the shared kinds, with their examples.
std::string CustomerIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations);
std::string OrgUnitIdOr(std::string_view name, std::string_view field,
                        status::FieldViolations& violations);
std::string UserIdOr(std::string_view name, std::string_view field,
                     status::FieldViolations& violations);

}  // namespace crm::names

#endif  // CRM_LIBS_NAMES_NAME_FIELD_H_
