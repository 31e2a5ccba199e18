#include "services/scoring/scorecard/peer_inputs.h"

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/time_util.h"
#include "libs/clock/business_day.h"
#include "libs/money/checked_math.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"

namespace crm::scoring {
namespace {

namespace opportunity_v1 = ::crm::opportunity::v1;
namespace collaboration_v1 = ::crm::collaboration::v1;
namespace customer_v1 = ::crm::customer::v1;
using ::google::protobuf::util::TimeUtil;

constexpr char kCurrency[] = "CNY";
// The funnel's longest period.
constexpr int kFunnelYears = 3;
// Pages of a list read whole, at most (1,000 rows each): a bound against a
// service that keeps handing out tokens.
constexpr int kPageSize = 1000;
constexpr int kMaxPages = 1000;

// Why `service` gave nothing: not configured, not answering, or refusing.
Unavailable NotConfigured(std::string_view service) {
  return {crm::StrCat("the ", service, " service's address is not configured")};
}

Unavailable Failed(std::string_view service, const grpc::Status& status) {
  const absl::StatusCode code = static_cast<absl::StatusCode>(status.error_code());
  if (code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded) {
    return {crm::StrCat("the ", service, " service did not answer (", status::CodeName(code), ")")};
  }
  return {crm::StrCat("the ", service, " service answered ", status::CodeName(code))};
}

// The same day `years` earlier (29 February becomes 1 March).
absl::CivilDay YearsBefore(absl::CivilDay day, int years) {
  return absl::CivilDay(day.year() - years, day.month(), day.day());
}

// The funnel of `org_unit`'s subtree over the opportunities created from
// `start` to `end`, in CNY.
grpc::Status Funnel(const PeerClients& peers, const std::string& org_unit, absl::CivilDay start,
                    absl::CivilDay end, opportunity_v1::Funnel& funnel) {
  opportunity_v1::GetFunnelRequest request;
  request.set_org_unit(org_unit);
  *request.mutable_start_date() = validation::FromCivilDay(start);
  *request.mutable_end_date() = validation::FromCivilDay(end);
  request.set_currency_code(kCurrency);
  std::unique_ptr<grpc::ClientContext> call = peers.NewContext();
  return peers.opportunities()->GetFunnel(call.get(), request, &funnel);
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

absl::Time StartOfDay(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day), clock::BusinessTimeZone());
}

void ReadWon(const PeerClients& peers, const std::string& org_unit, const clock::Quarter& quarter,
             SalesResultInputs& inputs) {
  const absl::CivilDay end = clock::LastDayOf(quarter);
  opportunity_v1::Funnel funnel;
  const grpc::Status status =
      Funnel(peers, org_unit, YearsBefore(end, kFunnelYears) + 1, end, funnel);
  if (!status.ok()) {
    inputs.won_unavailable = Failed("opportunity", status);
    return;
  }
  std::set<std::string> months;
  for (absl::CivilMonth month(clock::FirstDayOf(quarter)); month <= absl::CivilMonth(end);
       ++month) {
    months.insert(absl::StrFormat("%04d-%02d", month.year(), month.month()));
  }
  int64_t won = 0;
  for (const opportunity_v1::ForecastRow& row : funnel.forecast()) {
    if (row.category() != opportunity_v1::CLOSED || !months.contains(row.month())) continue;
    absl::StatusOr<int64_t> sum = money::CheckedAdd(won, row.amount().minor_units());
    if (!sum.ok()) {
      inputs.won_unavailable = {"the won amount does not fit in 64-bit minor units"};
      return;
    }
    won = *sum;
  }
  inputs.won_minor = won;
}

void ReadCredited(const PeerClients& peers, const std::string& org_unit,
                  const clock::Quarter& quarter, SalesResultInputs& inputs) {
  collaboration_v1::GetCreditReportRequest request;
  request.set_quarter(clock::FormatQuarter(quarter));
  request.set_currency_code(kCurrency);
  request.set_org_unit(org_unit);
  collaboration_v1::CreditReport report;
  std::unique_ptr<grpc::ClientContext> call = peers.NewContext();
  const grpc::Status status = peers.collaboration()->GetCreditReport(call.get(), request, &report);
  if (!status.ok()) {
    inputs.credited_unavailable = Failed("collaboration", status);
    return;
  }
  int64_t credited = 0;
  for (const collaboration_v1::CreditRow& row : report.rows()) {
    if (row.org_unit() != org_unit) continue;
    // As a contributor on others' deals: its own deals are in the won amount.
    absl::StatusOr<int64_t> part = money::CheckedSubtract(
        row.credited_amount().minor_units(), row.owned_credited_amount().minor_units());
    absl::StatusOr<int64_t> sum = part.ok() ? money::CheckedAdd(credited, *part) : part;
    if (!sum.ok()) {
      inputs.credited_unavailable = {"the credited amount does not fit in 64-bit minor units"};
      return;
    }
    credited = *sum;
  }
  inputs.credited_minor = credited;
}

void ReadFollowUps(const PeerClients& peers, const std::string& org_unit, absl::Time now,
                   ProcessComplianceInputs& inputs) {
  const absl::CivilDay today = clock::BusinessDayOf(now);
  opportunity_v1::Funnel funnel;
  grpc::Status status =
      Funnel(peers, org_unit, YearsBefore(today, kFunnelYears) + 1, today, funnel);
  if (!status.ok()) {
    inputs.follow_ups_unavailable = Failed("opportunity", status);
    return;
  }
  int64_t open = 0;
  for (const opportunity_v1::FunnelStage& stage : funnel.stages()) {
    if (stage.stage() != opportunity_v1::STAGE_UNSPECIFIED && stage.stage() < opportunity_v1::WON) {
      open += stage.count();
    }
  }

  int64_t overdue = 0;
  opportunity_v1::ListStaleOpportunitiesRequest request;
  request.set_org_unit(org_unit);
  request.set_page_size(kPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    opportunity_v1::ListStaleOpportunitiesResponse response;
    std::unique_ptr<grpc::ClientContext> call = peers.NewContext();
    status = peers.opportunities()->ListStaleOpportunities(call.get(), request, &response);
    if (!status.ok()) {
      inputs.follow_ups_unavailable = Failed("opportunity", status);
      return;
    }
    for (const opportunity_v1::StaleOpportunity& stale : response.stale_opportunities()) {
      if (stale.follow_up_overdue()) ++overdue;
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  inputs.opportunities_open = open;
  inputs.follow_ups_overdue = overdue;
}

void ReadRequestSlas(const PeerClients& peers, const std::string& org_unit,
                     const clock::Quarter& quarter, absl::Time now,
                     ProcessComplianceInputs& inputs) {
  const absl::Time from = StartOfDay(clock::FirstDayOf(quarter));
  const absl::Time to = StartOfDay(clock::LastDayOf(quarter) + 1);
  int64_t met = 0, breached = 0;
  collaboration_v1::ListCollaborationRequestsRequest request;
  request.set_org_unit(org_unit);
  request.set_page_size(kPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    collaboration_v1::ListCollaborationRequestsResponse response;
    std::unique_ptr<grpc::ClientContext> call = peers.NewContext();
    const grpc::Status status =
        peers.collaboration()->ListCollaborationRequests(call.get(), request, &response);
    if (!status.ok()) {
      inputs.requests_unavailable = Failed("collaboration", status);
      return;
    }
    for (const collaboration_v1::CollaborationRequest& r : response.collaboration_requests()) {
      if (!r.has_response_due_time()) continue;
      const absl::Time due = TimeOf(r.response_due_time());
      if (due < from || due >= to) continue;
      for (const collaboration_v1::Participant& participant : r.participants()) {
        if (participant.org_unit() != org_unit) continue;
        if (participant.has_acknowledge_time()) {
          if (TimeOf(participant.acknowledge_time()) <= due) {
            ++met;
          } else {
            ++breached;
          }
        } else if (r.step() != collaboration_v1::CANCELLED && due < now) {
          ++breached;
        }
      }
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  inputs.requests_sla_met = met;
  inputs.requests_sla_breached = breached;
}

}  // namespace

void ReadSalesInputs(const PeerClients* peers, const std::string& org_unit,
                     const clock::Quarter& quarter, SalesResultInputs& inputs) {
  if (peers == nullptr || peers->opportunities() == nullptr) {
    inputs.won_unavailable = NotConfigured("opportunity");
  } else {
    ReadWon(*peers, org_unit, quarter, inputs);
  }
  if (peers == nullptr || peers->collaboration() == nullptr) {
    inputs.credited_unavailable = NotConfigured("collaboration");
  } else {
    ReadCredited(*peers, org_unit, quarter, inputs);
  }
}

void ReadDataCompleteness(const PeerClients* peers, const std::string& org_unit,
                          DataCompletenessInputs& inputs) {
  if (peers == nullptr || peers->customers() == nullptr) {
    inputs.unavailable = NotConfigured("customer");
    return;
  }
  customer_v1::GetDataQualityReportRequest request;
  request.set_owner_org_unit(org_unit);
  customer_v1::DataQualityReport report;
  std::unique_ptr<grpc::ClientContext> call = peers->NewContext();
  const grpc::Status status =
      peers->customers()->GetDataQualityReport(call.get(), request, &report);
  if (!status.ok()) {
    inputs.unavailable = Failed("customer", status);
    return;
  }
  inputs.customers = report.total().customers();
  inputs.average_completeness = report.total().average_completeness();
}

void ReadProcessCompliance(const PeerClients* peers, const std::string& org_unit,
                           const clock::Quarter& quarter, absl::Time now,
                           ProcessComplianceInputs& inputs) {
  if (peers == nullptr || peers->opportunities() == nullptr) {
    inputs.follow_ups_unavailable = NotConfigured("opportunity");
  } else {
    ReadFollowUps(*peers, org_unit, now, inputs);
  }
  if (peers == nullptr || peers->collaboration() == nullptr) {
    inputs.requests_unavailable = NotConfigured("collaboration");
  } else {
    ReadRequestSlas(*peers, org_unit, quarter, now, inputs);
  }
  inputs.approvals_unavailable = {
      "the contract service keeps no approval deadline to measure approvals against"};
}

}  // namespace crm::scoring
