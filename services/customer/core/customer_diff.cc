#include "services/customer/core/customer_diff.h"

#include "nlohmann/json.hpp"
#include "services/customer/core/customer_fields.h"

namespace crm::customer {

std::vector<FieldChange> DiffCustomers(const v1::Customer& before, const v1::Customer& after) {
  std::vector<FieldChange> changes;
  for (const CustomerField& field : CustomerFields()) {
    std::string old_value = field.text(before);
    std::string new_value = field.text(after);
    if (old_value != new_value) {
      changes.push_back({std::string(field.name), std::move(old_value), std::move(new_value)});
    }
  }
  return changes;
}

FieldChange CreationEntry(const v1::Customer& created) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const CustomerField& field : CustomerFields()) {
    if (field.is_set(created)) values[std::string(field.name)] = field.text(created);
  }
  return {"", "", values.dump()};
}

std::vector<FieldChange> HistoryOf(const v1::Customer& before, const v1::Customer& after) {
  if (before.name().empty()) return {CreationEntry(after)};
  return DiffCustomers(before, after);
}

const std::vector<std::string>& UpdatableCustomerPaths() {
  static const std::vector<std::string> kPaths = CustomerFieldNames(CustomerField::kUpdatable);
  return kPaths;
}

void ApplyCustomerPaths(const v1::Customer& values, const std::vector<std::string>& paths,
                        v1::Customer& customer) {
  for (const std::string& path : paths) {
    // Paths are allow-listed before they get here; an unknown one is ignored.
    if (const CustomerField* field = FindCustomerField(path)) field->copy(values, customer);
  }
}

}  // namespace crm::customer
