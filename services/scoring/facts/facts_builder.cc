#include "services/scoring/facts/facts_builder.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/clock/business_day.h"
#include "libs/money/checked_math.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"

namespace crm::scoring {
namespace {

using contract::v1::Contract;
using contract::v1::PaymentMilestone;
using google::protobuf::util::TimeUtil;
using opportunity::v1::Activity;
using opportunity::v1::Opportunity;

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

bool IsCny(const common::v1::Money& money) { return money.currency_code() == kFactsCurrency; }

bool IsOpen(opportunity::v1::Stage stage) {
  return stage >= opportunity::v1::LEAD && stage <= opportunity::v1::NEGOTIATION;
}

bool WasSigned(const Contract& contract) {
  switch (contract.state()) {
    case contract::v1::SIGNED:
    case contract::v1::ACTIVE:
    case contract::v1::EXPIRED:
    case contract::v1::TERMINATED:
      return contract.has_signing_date();
    default:
      return false;
  }
}

bool InForce(const Contract& contract) {
  return contract.state() == contract::v1::SIGNED || contract.state() == contract::v1::ACTIVE;
}

// Money is still owed on it (receipts may be recorded against it).
bool Owed(const Contract& contract) {
  return InForce(contract) || contract.state() == contract::v1::EXPIRED;
}

// amount × percent / 100, rounded half away from zero.
absl::StatusOr<int64_t> Weighted(int64_t amount, int percent) {
  absl::StatusOr<int64_t> product = money::CheckedMultiply(amount, percent);
  if (!product.ok()) return product.status();
  const int64_t whole = *product / 100, rest = *product % 100;
  if (rest >= 50) return whole + 1;
  if (rest <= -50) return whole - 1;
  return whole;
}

absl::Status AddTo(int64_t& total, int64_t amount) {
  absl::StatusOr<int64_t> sum = money::CheckedAdd(total, amount);
  if (!sum.ok()) return sum.status();
  total = *sum;
  return absl::OkStatus();
}

// What the figures leave out, counted per kind of thing and currency.
class LeftOut {
 public:
  void Add(const char* singular, const char* plural, const std::string& currency) {
    Entry& entry = entries_[{singular, currency}];
    entry.plural = plural;
    ++entry.count;
  }
  std::vector<std::string> Notes() const {
    std::vector<std::string> notes;
    for (const auto& [key, entry] : entries_) {
      const std::string currency = key.second.empty() ? "no currency" : key.second;
      notes.push_back(crm::StrCat(entry.count, " ", entry.count == 1 ? key.first : entry.plural,
                                  " in ", currency, " not counted"));
    }
    return notes;
  }

 private:
  struct Entry {
    const char* plural = "";
    int64_t count = 0;
  };
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

}  // namespace

absl::StatusOr<BuiltFacts> BuildFacts(const PeerFacts& peers, absl::Time now) {
  const absl::TimeZone zone = clock::BusinessTimeZone();
  const absl::CivilDay today = clock::BusinessDayOf(now);
  // Delivery problems count when they happened after this day.
  const absl::CivilDay problems_after = today - kDeliveryProblemDays;
  BuiltFacts built;
  FactsSnapshot& facts = built.snapshot;
  std::map<absl::CivilMonth, MonthFacts> months;
  auto month = [&months](absl::CivilDay day) -> MonthFacts& {
    const absl::CivilMonth key(day);
    MonthFacts& figures = months[key];
    figures.month = key;
    return figures;
  };
  LeftOut left_out;

  for (const Opportunity& opportunity : peers.opportunities) {
    if (!IsOpen(opportunity.stage())) continue;
    if (!IsCny(opportunity.amount())) {
      if (opportunity.amount().minor_units() != 0) {
        left_out.Add("open opportunity", "open opportunities",
                     opportunity.amount().currency_code());
      }
      continue;
    }
    const int64_t amount = opportunity.amount().minor_units();
    if (absl::Status s = AddTo(facts.pipeline_open_minor, amount); !s.ok()) return s;
    absl::StatusOr<int64_t> weighted = Weighted(amount, opportunity.probability());
    if (!weighted.ok()) return weighted.status();
    if (absl::Status s = AddTo(facts.pipeline_weighted_minor, *weighted); !s.ok()) return s;
  }

  for (const Activity& activity : peers.activities) {
    if (!activity.has_occur_time()) continue;
    const absl::Time occurred = TimeOf(activity.occur_time());
    if (!facts.last_activity_time.has_value() || occurred > *facts.last_activity_time) {
      facts.last_activity_time = occurred;
    }
    const absl::CivilDay day = absl::ToCivilDay(occurred, zone);
    switch (activity.type()) {
      case Activity::VISIT:
      case Activity::SERVICE_VISIT:
        if (!facts.last_visit_time.has_value() || occurred > *facts.last_visit_time) {
          facts.last_visit_time = occurred;
        }
        break;
      case Activity::COMPLAINT:
        ++month(day).complaints;
        break;
      case Activity::DELIVERY_ISSUE:
        ++month(day).delivery_problems;
        if (day > problems_after) ++facts.delivery_problems;
        break;
      default:
        break;
    }
  }

  bool any_owed = false;
  int64_t owed_minor = 0, overdue_minor = 0;
  int overdue_days = 0;
  for (const ContractFacts& entry : peers.contracts) {
    const Contract& contract = entry.contract;
    if (WasSigned(contract)) {
      const absl::CivilDay signed_on = validation::ToCivilDay(contract.signing_date());
      if (!facts.first_signed_date.has_value() || signed_on < *facts.first_signed_date) {
        facts.first_signed_date = signed_on;
      }
      if (contract.kind() != contract::v1::FRAMEWORK) {
        if (IsCny(contract.amount())) {
          if (absl::Status s =
                  AddTo(month(signed_on).purchases_minor, contract.amount().minor_units());
              !s.ok()) {
            return s;
          }
        } else {
          left_out.Add("signed contract", "signed contracts", contract.amount().currency_code());
        }
      }
    }
    if (InForce(contract)) {
      if (contract.kind() != contract::v1::FRAMEWORK && IsCny(contract.amount())) {
        if (absl::Status s = AddTo(facts.active_contract_minor, contract.amount().minor_units());
            !s.ok()) {
          return s;
        }
      }
      if (contract.has_end_date() && contract.renewed_by().empty()) {
        const absl::CivilDay end = validation::ToCivilDay(contract.end_date());
        if (end >= today && end - today <= kExpiringWithinDays) ++facts.expiring_without_renewal;
      }
    }
    for (const contract::v1::Receipt& receipt : entry.receipts) {
      if (!IsCny(receipt.amount())) {
        left_out.Add("receipt", "receipts", receipt.amount().currency_code());
        continue;
      }
      if (!receipt.has_receive_date()) continue;
      if (absl::Status s =
              AddTo(month(validation::ToCivilDay(receipt.receive_date())).receipts_minor,
                    receipt.amount().minor_units());
          !s.ok()) {
        return s;
      }
    }
    if (!Owed(contract)) continue;
    for (const PaymentMilestone& milestone : contract.payment_milestones()) {
      if (milestone.outstanding().minor_units() <= 0) continue;
      if (milestone.days_overdue() > 0 && milestone.has_due_date()) {
        // It went overdue the day after it was due.
        const absl::CivilDay overdue_from = validation::ToCivilDay(milestone.due_date()) + 1;
        ++month(overdue_from).delivery_problems;
        if (overdue_from > problems_after) ++facts.delivery_problems;
      }
      if (!IsCny(milestone.outstanding())) continue;  // GetReceivables names them
      any_owed = true;
      if (absl::Status s = AddTo(owed_minor, milestone.outstanding().minor_units()); !s.ok()) {
        return s;
      }
      if (milestone.days_overdue() > 0) {
        if (absl::Status s = AddTo(overdue_minor, milestone.outstanding().minor_units()); !s.ok()) {
          return s;
        }
        overdue_days = std::max(overdue_days, static_cast<int>(milestone.days_overdue()));
      }
    }
  }

  if (peers.receivables.has_value()) {
    const contract::v1::Receivables& receivables = *peers.receivables;
    facts.receivable_minor = receivables.receivable().minor_units();
    facts.overdue_minor = receivables.overdue().minor_units();
    facts.overdue_days = receivables.max_days_overdue();
    if (receivables.other_currency_count() > 0) {
      const int64_t count = receivables.other_currency_count();
      built.notes.push_back(crm::StrCat(count,
                                        count == 1 ? " payment milestone" : " payment milestones",
                                        " in another currency not counted in the receivable"));
    }
  } else if (any_owed) {
    facts.receivable_minor = owed_minor;
    facts.overdue_minor = overdue_minor;
    facts.overdue_days = overdue_days;
  }

  for (const collaboration::v1::CollaborationRequest& request : peers.requests) {
    if (request.step() >= collaboration::v1::TO_SURVEY &&
        request.step() <= collaboration::v1::EXECUTING) {
      ++facts.open_requests;
    }
  }

  for (auto& [key, figures] : months) facts.months.push_back(figures);
  for (std::string& note : left_out.Notes()) built.notes.push_back(std::move(note));
  return built;
}

}  // namespace crm::scoring
