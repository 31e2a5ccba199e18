#include "services/contract/core/contract_today.h"

namespace crm::contract {

absl::TimeZone ContractTimeZone() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone loaded;
    if (absl::LoadTimeZone("Asia/Shanghai", &loaded)) return loaded;
    return absl::FixedTimeZone(8 * 60 * 60);
  }();
  return zone;
}

absl::CivilDay ContractDayOf(absl::Time time) { return absl::ToCivilDay(time, ContractTimeZone()); }

absl::CivilDay ContractToday(const clock::Clock& clock) { return ContractDayOf(clock.Now()); }

}  // namespace crm::contract
