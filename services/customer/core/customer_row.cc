#include "services/customer/core/customer_row.h"

#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace crm::customer {

const char kCustomerColumns[] = R"sql(
  c.id::text, c.display_name, c.legal_name, c.short_name,
  coalesce(c.uscc, ''), c.industry, c.region, c.ownership_type, c.size_band,
  c.state, c.owner_org_unit, array_to_json(c.tags)::text, c.data_completeness,
  c.version,
  (extract(epoch FROM c.create_time) * 1000000)::bigint,
  (extract(epoch FROM c.update_time) * 1000000)::bigint,
  coalesce((extract(epoch FROM c.delete_time) * 1000000)::bigint, 0),
  c.account_team_json, c.external_references_json,
  coalesce(c.merged_into::text, ''))sql";

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  google::protobuf::Timestamp timestamp;
  int64_t seconds = micros / 1'000'000;
  int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(rest * 1000));
  return timestamp;
}

v1::Customer CustomerFromRow(const pqxx::row& row) {
  v1::Customer customer;
  customer.set_name(crm::StrCat("customers/", row[0].c_str()));
  customer.set_display_name(row[1].c_str());
  customer.set_legal_name(row[2].c_str());
  customer.set_short_name(row[3].c_str());
  customer.set_uscc(row[4].c_str());
  customer.set_industry(row[5].c_str());
  customer.set_region(row[6].c_str());
  customer.set_ownership_type(static_cast<v1::OwnershipType>(row[7].as<int>()));
  customer.set_size_band(static_cast<v1::SizeBand>(row[8].as<int>()));
  customer.set_state(static_cast<v1::Customer::State>(row[9].as<int>()));
  customer.set_owner_org_unit(row[10].c_str());
  for (const auto& tag : nlohmann::json::parse(row[11].c_str())) {
    customer.add_tags(tag.get<std::string>());
  }
  customer.set_data_completeness(row[12].as<int>());
  const int64_t version = row[13].as<int64_t>();
  *customer.mutable_create_time() = TimestampFromMicros(row[14].as<int64_t>());
  *customer.mutable_update_time() = TimestampFromMicros(row[15].as<int64_t>());
  if (const int64_t deleted = row[16].as<int64_t>(); deleted != 0) {
    *customer.mutable_delete_time() = TimestampFromMicros(deleted);
  }
  for (const auto& member : nlohmann::json::parse(row[17].c_str())) {
    v1::AccountTeamMember* out = customer.add_account_team();
    out->set_org_unit(member[0].get<std::string>());
    out->set_user(member[1].get<std::string>());
    out->set_role(member[2].get<std::string>());
  }
  for (const auto& reference : nlohmann::json::parse(row[18].c_str())) {
    v1::ExternalReference* out = customer.add_external_references();
    out->set_source_system(reference[0].get<std::string>());
    out->set_source_id(reference[1].get<std::string>());
  }
  if (const char* merged_into = row[19].c_str(); *merged_into != '\0') {
    customer.set_merged_into(crm::StrCat("customers/", merged_into));
  }
  customer.set_etag(EtagOf(version));
  return customer;
}

}  // namespace crm::customer
