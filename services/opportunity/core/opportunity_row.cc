#include "services/opportunity/core/opportunity_row.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

google::protobuf::Timestamp TimestampOfMicros(int64_t micros) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

// The array under `key` of a message's stored JSON ({"key": [...]}).
std::string ArrayOf(const std::string& json, std::string_view key) {
  // An empty repeated field prints nothing: the array is then empty.
  const std::string prefix = absl::StrFormat("{\"%s\":", key);
  if (!json.starts_with(prefix)) return "[]";
  return json.substr(prefix.size(), json.size() - prefix.size() - 1);
}

}  // namespace

v1::Opportunity OpportunityFromRow(const pqxx::row& row, int first) {
  const auto at = [&](int i) { return row[first + i]; };
  v1::Opportunity out;
  // The JSON fields first: parsing fills the repeated fields and the survey.
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (const auto parsed =
          google::protobuf::util::JsonStringToMessage(at(18).as<std::string>(), &out, options);
      !parsed.ok()) {
    // Written by this service only; should one not parse, the rest still shows.
    log::Error("stored opportunity JSON does not parse",
               {{"opportunity", at(0).as<std::string>()}, {"error", parsed.ToString()}});
  }
  out.set_name(OpportunityName(at(0).as<std::string>()));
  out.set_customer(names::CustomerName(at(1).as<std::string>()));
  out.set_customer_display_name(at(2).as<std::string>());
  out.set_title(at(3).as<std::string>());
  out.set_owner_org_unit(at(4).as<std::string>());
  out.set_owner_user(at(5).as<std::string>());
  out.set_stage(static_cast<v1::Stage>(at(6).as<int>()));
  out.set_probability(at(7).as<int>());
  out.set_probability_overridden(at(8).as<bool>());
  out.set_forecast_category(static_cast<v1::ForecastCategory>(at(9).as<int>()));
  out.mutable_amount()->set_currency_code(at(10).as<std::string>());
  out.mutable_amount()->set_minor_units(at(11).as<int64_t>());
  if (const std::string date = at(12).as<std::string>(); !date.empty()) {
    *out.mutable_expected_close_date() = DateOfIso(date);
  }
  if (const std::string date = at(13).as<std::string>(); !date.empty()) {
    *out.mutable_next_follow_up_date() = DateOfIso(date);
  }
  out.set_lead_source(at(14).as<std::string>());
  out.set_loss_reason(static_cast<v1::LossReason>(at(15).as<int>()));
  out.set_loss_reason_text(at(16).as<std::string>());
  if (const std::string date = at(17).as<std::string>(); !date.empty()) {
    *out.mutable_close_date() = DateOfIso(date);
  }
  out.mutable_needs_survey()->set_completeness_bp(at(19).as<int>());
  out.set_stage_model_version(at(20).as<int64_t>());
  *out.mutable_stage_enter_time() = TimestampOfMicros(at(21).as<int64_t>());
  if (const int64_t micros = at(22).as<int64_t>(); micros >= 0) {
    *out.mutable_last_activity_time() = TimestampOfMicros(micros);
  }
  out.set_etag(EtagOf(at(23).as<int64_t>()));
  *out.mutable_create_time() = TimestampOfMicros(at(24).as<int64_t>());
  *out.mutable_update_time() = TimestampOfMicros(at(25).as<int64_t>());
  return out;
}

int64_t VersionOf(const v1::Opportunity& opportunity) {
  return ParseEtag(opportunity.etag()).value_or(0);
}

std::string ToStoredJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_enums_as_ints = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json.empty() ? "{}" : json;
}

std::string ProductLinesJson(const v1::Opportunity& opportunity) {
  v1::Opportunity lines;
  *lines.mutable_product_lines() = opportunity.product_lines();
  return ArrayOf(ToStoredJson(lines), "product_lines");
}

std::string BuyingCommitteeJson(const v1::Opportunity& opportunity) {
  v1::Opportunity committee;
  *committee.mutable_buying_committee() = opportunity.buying_committee();
  return ArrayOf(ToStoredJson(committee), "buying_committee");
}

std::string IsoDate(const common::v1::Date& date) {
  if (!IsSet(date)) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

common::v1::Date DateOfIso(std::string_view iso) {
  common::v1::Date date;
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(iso.data(), iso.size()), '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &year) &&
      absl::SimpleAtoi(parts[1], &month) && absl::SimpleAtoi(parts[2], &day)) {
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
  }
  return date;
}

}  // namespace crm::opportunity
