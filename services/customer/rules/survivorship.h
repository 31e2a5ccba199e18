#ifndef CRM_SERVICES_CUSTOMER_RULES_SURVIVORSHIP_H_
#define CRM_SERVICES_CUSTOMER_RULES_SURVIVORSHIP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::customer {

// One record's value of one field, as survivorship weighs it.
struct FieldCandidate {
  std::string value;           // "" when empty
  std::string trusted_source;  // its most trusted source system, "" when none
  int trust_rank = -1;         // position of trusted_source in the priority list
  int64_t update_micros = 0;   // when the record last changed
};

// Which record's value survives, and why (shown to the user).
struct FieldWinner {
  int candidate = 0;
  std::string reason;
};

// The most trusted of a record's source systems under `priority` (most
// trusted first): its position and name, or nullopt when none is listed.
std::optional<std::pair<int, std::string>> MostTrustedSource(
    const std::vector<std::string>& source_systems, const std::vector<std::string>& priority);

// Picks the surviving value of one field among `candidates` (index 0 is the
// survivor), by the master-data survivorship rules in order:
//   1. an override names the winner;
//   2. a non-empty value beats an empty one;
//   3. a record from a more trusted source system beats others;
//   4. the more recently updated record beats older ones;
//   5. the survivor, then the earlier candidate, wins what is left.
// Candidates that agree on a value share its claim, so a value the survivor
// already has is credited to the survivor.
FieldWinner ChooseFieldWinner(const std::vector<FieldCandidate>& candidates,
                              std::optional<int> override_candidate);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_SURVIVORSHIP_H_
