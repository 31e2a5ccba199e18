#include "services/customer/rules/survivorship.h"

#include <algorithm>

namespace crm::customer {

std::optional<std::pair<int, std::string>> MostTrustedSource(
    const std::vector<std::string>& source_systems, const std::vector<std::string>& priority) {
  for (int rank = 0; rank < static_cast<int>(priority.size()); ++rank) {
    if (std::find(source_systems.begin(), source_systems.end(), priority[rank]) !=
        source_systems.end()) {
      return std::make_pair(rank, priority[rank]);
    }
  }
  return std::nullopt;
}

FieldWinner ChooseFieldWinner(const std::vector<FieldCandidate>& candidates,
                              std::optional<int> override_candidate) {
  if (override_candidate.has_value()) return {*override_candidate, "override"};
  std::vector<int> contenders;
  for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
    if (!candidates[i].value.empty()) contenders.push_back(i);
  }
  if (contenders.empty()) return {0, "no record has a value"};
  // The earliest holder of a value speaks for it: the survivor when it agrees.
  auto first_holder = [&](int i) {
    for (int j = 0; j < i; ++j) {
      if (candidates[j].value == candidates[i].value) return j;
    }
    return i;
  };
  const bool all_agree = std::all_of(contenders.begin(), contenders.end(), [&](int i) {
    return candidates[i].value == candidates[contenders[0]].value;
  });
  if (all_agree) {
    return {contenders[0], contenders.size() == 1 ? "only non-empty value" : "same value"};
  }
  auto trust = [&](int i) {
    return candidates[i].trust_rank < 0 ? 1 << 30 : candidates[i].trust_rank;
  };
  const int best_trust = trust(*std::min_element(
      contenders.begin(), contenders.end(), [&](int a, int b) { return trust(a) < trust(b); }));
  std::vector<int> trusted;
  for (int i : contenders) {
    if (trust(i) == best_trust) trusted.push_back(i);
  }
  const bool one_trusted_value = std::all_of(trusted.begin(), trusted.end(), [&](int i) {
    return candidates[i].value == candidates[trusted[0]].value;
  });
  if (best_trust != 1 << 30 && one_trusted_value) {
    return {first_holder(trusted[0]), "trusted source " + candidates[trusted[0]].trusted_source};
  }
  int newest = trusted[0];
  for (int i : trusted) {
    if (candidates[i].update_micros > candidates[newest].update_micros) newest = i;
  }
  const bool tie = std::count_if(trusted.begin(), trusted.end(), [&](int i) {
                     return candidates[i].update_micros == candidates[newest].update_micros &&
                            candidates[i].value != candidates[newest].value;
                   }) > 0;
  if (tie) return {newest, newest == 0 ? "survivor" : "earlier in the request"};
  return {first_holder(newest), "most recently updated"};
}

}  // namespace crm::customer
