#include "services/customer/core/change_record.h"

#include "libs/strings/str_cat.h"

namespace crm::customer {

events::FeedOptions CustomerFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "customer", .schema = "customer"};
  const google::protobuf::EnumDescriptor* types = v1::CustomerChange::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::CustomerChange::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

std::vector<pg::PreparedStatement> ChangeRecordStatements() {
  return events::Outbox::Statements("customer");
}

v1::CustomerChange::Type ChangeTypeOf(const v1::Customer& before, const v1::Customer& after) {
  if (before.name().empty()) return v1::CustomerChange::CREATED;
  if (before.state() != after.state()) {
    if (after.state() == v1::Customer::MERGED) return v1::CustomerChange::MERGED;
    if (before.state() == v1::Customer::MERGED) return v1::CustomerChange::UNMERGED;
    return after.state() == v1::Customer::DELETED ? v1::CustomerChange::DELETED
                                                  : v1::CustomerChange::UNDELETED;
  }
  return v1::CustomerChange::UPDATED;
}

void RecordChanges(pqxx::work& tx, std::span<const ChangeRecord> changes) {
  if (changes.empty()) return;
  static const events::FeedOptions feed = CustomerFeed();  // its types and schema
  std::vector<events::NewEvent> records;
  records.reserve(changes.size());
  for (const ChangeRecord& change : changes) {
    records.push_back({.type = v1::CustomerChange::Type_Name(change.type),
                       .resource = crm::StrCat("customers/", change.customer_id),
                       .version = change.version,
                       .payload = change.merged_into.empty()
                                      ? ""
                                      : crm::StrCat("customers/", change.merged_into)});
  }
  events::RecordEvents(tx, feed, records);
}

void RecordChange(pqxx::work& tx, const std::string& customer_id, v1::CustomerChange::Type type,
                  int64_t version, const std::string& merged_into) {
  const ChangeRecord change{customer_id, type, version, merged_into};
  RecordChanges(tx, std::span<const ChangeRecord>(&change, 1));
}

}  // namespace crm::customer
