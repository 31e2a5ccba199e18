#include "services/opportunity/rules/contact_field.h"

#include <string>

#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity {
namespace {

constexpr std::string_view kExample = "customers/{uuid}/contacts/{uuid}";

}  // namespace

std::optional<names::ContactIds> ContactIdsOr(std::string_view name, std::string_view field,
                                              status::FieldViolations& violations) {
  std::optional<names::ContactIds> ids = names::ParseContactName(name);
  if (ids.has_value()) return ids;
  violations.Add(std::string(field), name.empty()
                                         ? crm::StrCat(field, ": is required, e.g. ", kExample)
                                         : crm::StrCat(field, ": ", Quote(name),
                                                       " is not a contact name like ", kExample));
  return std::nullopt;
}

}  // namespace crm::opportunity
