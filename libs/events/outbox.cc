#include "libs/events/outbox.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "libs/crypto/crypto.h"
#include "libs/pg/schema_statement.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"

namespace crm::events {
namespace {

// "{schema}" is the service's schema.
constexpr char kRecordSql[] =
    "INSERT INTO {schema}.events (event_id, type, resource, version, payload)"
    " VALUES ($1::uuid, $2, $3, $4, $5)";
// Arrays of types, resources, versions and base64 payloads, in order.
constexpr char kRecordManySql[] =
    "INSERT INTO {schema}.events (event_id, type, resource, version, payload)"
    " SELECT e.id, e.type, e.resource, e.version, decode(e.payload, 'base64')"
    " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[])"
    "   WITH ORDINALITY AS e(id, type, resource, version, payload, n)"
    " ORDER BY e.n";
constexpr char kAfterSql[] =
    "SELECT sequence, event_id::text, type, resource, version,"
    " (extract(epoch FROM time) * 1000000)::bigint, payload"
    " FROM {schema}.events"
    " WHERE sequence > $1 AND time < clock_timestamp() - $2::bigint * interval '1 microsecond'"
    " ORDER BY sequence LIMIT $3";
constexpr char kSequenceBeforeSql[] =
    "SELECT coalesce((SELECT min(sequence) - 1 FROM {schema}.events"
    " WHERE time >= to_timestamp($1::bigint / 1e6)),"
    " (SELECT max(sequence) FROM {schema}.events), 0)";
constexpr char kPruneSql[] =
    "DELETE FROM {schema}.events"
    " WHERE time < clock_timestamp() - $1::bigint * interval '1 microsecond'";

// A PostgreSQL array literal of `values`, each quoted.
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

void CheckDeclared(const FeedOptions& feed, const std::string& type) {
  if (std::find(feed.event_types.begin(), feed.event_types.end(), type) == feed.event_types.end()) {
    throw std::invalid_argument(
        crm::StrCat("event type ", type, " is not declared by ", feed.service));
  }
}

std::string Name(std::string_view schema, std::string_view what) {
  return crm::StrCat(schema, ".events_", what);
}

pg::PreparedStatement Statement(std::string_view schema, std::string_view what,
                                std::string_view sql) {
  return pg::SchemaStatement(schema, crm::StrCat("events_", what), sql);
}

}  // namespace

std::string FeedOptions::StreamKey() const {
  return stream_key.empty() ? crm::StrCat("crm:", service, ":v1:events") : stream_key;
}

Outbox::Outbox(pg::ConnectionPool& pool, FeedOptions options)
    : pool_(pool),
      options_(std::move(options)),
      types_(options_.event_types.begin(), options_.event_types.end()),
      record_(Name(options_.schema, "record")),
      after_(Name(options_.schema, "after")),
      sequence_before_(Name(options_.schema, "sequence_before")),
      prune_(Name(options_.schema, "prune")) {}

std::vector<pg::PreparedStatement> Outbox::Statements(std::string_view schema) {
  return {Statement(schema, "record", kRecordSql), Statement(schema, "record_many", kRecordManySql),
          Statement(schema, "after", kAfterSql),
          Statement(schema, "sequence_before", kSequenceBeforeSql),
          Statement(schema, "prune", kPruneSql)};
}

std::string Outbox::Record(pqxx::work& tx, const NewEvent& event) const {
  if (!types_.contains(event.type)) {
    throw std::invalid_argument(
        crm::StrCat("event type ", event.type, " is not declared by ", options_.service));
  }
  std::string event_id = crypto::NewUuid();
  tx.exec_prepared0(record_, event_id, event.type, event.resource, event.version,
                    pqxx::binarystring(event.payload));
  return event_id;
}

std::vector<std::string> RecordEvents(pqxx::work& tx, const FeedOptions& feed,
                                      std::span<const NewEvent> events) {
  std::vector<std::string> ids, types, resources, versions, payloads;
  for (const NewEvent& event : events) {
    CheckDeclared(feed, event.type);
    ids.push_back(crypto::NewUuid());
    types.push_back(event.type);
    resources.push_back(event.resource);
    versions.push_back(crm::StrCat(event.version));
    payloads.push_back(absl::Base64Escape(event.payload));
  }
  if (!events.empty()) {
    tx.exec_prepared0(Name(feed.schema, "record_many"), ArrayLiteral(ids), ArrayLiteral(types),
                      ArrayLiteral(resources), ArrayLiteral(versions), ArrayLiteral(payloads));
  }
  return ids;
}

absl::StatusOr<EventPage> Outbox::After(int64_t after_sequence, int limit) {
  EventPage page{.last_sequence = after_sequence};
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        page.events.clear();
        page.last_sequence = after_sequence;
        for (const pqxx::row& row : tx.exec_prepared(
                 after_, after_sequence, absl::ToInt64Microseconds(options_.settle), limit)) {
          Event& event = page.events.emplace_back();
          event.sequence = row[0].as<int64_t>();
          event.event_id = row[1].c_str();
          event.type = row[2].c_str();
          event.resource = row[3].c_str();
          event.version = row[4].as<int64_t>();
          event.time = absl::FromUnixMicros(row[5].as<int64_t>());
          event.payload = pqxx::binarystring(row[6]).str();
          page.last_sequence = event.sequence;
        }
        return absl::OkStatus();
      },
      crm::StrCat(options_.service, ".list_events"));
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<int64_t> Outbox::SequenceBefore(absl::Time time) {
  int64_t sequence = 0;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        sequence = tx.exec_prepared1(sequence_before_, absl::ToUnixMicros(time))[0].as<int64_t>();
        return absl::OkStatus();
      },
      crm::StrCat(options_.service, ".events_start"));
  if (!status.ok()) return status;
  return sequence;
}

absl::Status Outbox::MaybePrune() {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  int64_t due = next_prune_unix_seconds_.load();
  if (now < due || !next_prune_unix_seconds_.compare_exchange_strong(due, now + 3600)) {
    return absl::OkStatus();
  }
  const std::string operation = crm::StrCat(options_.service, ".events_prune");
  return pg::RunInTransaction(pool_,
                              [&](pqxx::work& tx) {
                                tx.exec_prepared0(prune_,
                                                  absl::ToInt64Microseconds(options_.retention));
                                return absl::OkStatus();
                              },
                              {.operation = operation});
}

}  // namespace crm::events
