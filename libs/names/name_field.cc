#include "libs/names/name_field.h"

#include "libs/names/resource_names.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::names {

std::string IdOr(std::string_view name, std::string_view field, NameParser parse,
                 std::string_view kind, std::string_view example,
                 status::FieldViolations& violations) {
  std::optional<std::string> id = parse(name);
  if (id.has_value()) return *std::move(id);
  violations.Add(std::string(field), name.empty()
                                         ? crm::StrCat(field, ": is required, e.g. ", example)
                                         : crm::StrCat(field, ": ", Quote(name), " is not ", kind,
                                                       " name like ", example));
  return "";
}

std::string CustomerIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations) {
  return IdOr(name, field, ParseCustomerName, "a customer", "customers/{uuid}", violations);
}

std::string OrgUnitIdOr(std::string_view name, std::string_view field,
                        status::FieldViolations& violations) {
  return IdOr(name, field, ParseOrgUnitName, "an org unit", "orgUnits/sub-east", violations);
}

std::string UserIdOr(std::string_view name, std::string_view field,
                     status::FieldViolations& violations) {
  return IdOr(name, field, ParseUserName, "a user", "users/li.si", violations);
}

}  // namespace crm::names
