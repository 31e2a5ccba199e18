#include "services/customer/rules/completeness.h"

#include <algorithm>
#include <cstdint>

namespace crm::customer {

int DataCompleteness(const CompletenessInput& input, const CompletenessWeights& weights) {
  int64_t earned = 0;
  int64_t total = 0;
  auto add = [&](bool present, int weight) {
    const int64_t points = std::max(weight, 0);
    total += points;
    if (present) earned += points;
  };
  add(input.has_legal_name, weights.legal_name);
  add(input.has_uscc, weights.uscc);
  add(input.has_industry, weights.industry);
  add(input.has_region, weights.region);
  add(input.has_owner_org_unit, weights.owner_org_unit);
  add(input.has_ownership_type, weights.ownership_type);
  add(input.has_size_band, weights.size_band);
  add(input.has_short_name, weights.short_name);
  add(input.active_contacts > 0, weights.active_contact);
  add(input.has_decision_maker_contact, weights.decision_maker_contact);
  if (total == 0) return 0;
  // Integer round-half-up of 100 * earned / total.
  return static_cast<int>((200 * earned + total) / (2 * total));
}

}  // namespace crm::customer
