#include "services/customer/changes/change_feed.h"

#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kAfter[] = "customer.changes_after";
constexpr char kAfterSql[] =
    "SELECT sequence, event_id::text, customer_id::text, type, version,"
    " (extract(epoch FROM time) * 1000000)::bigint, coalesce(merged_into::text, '')"
    " FROM customer.changes"
    " WHERE sequence > $1 AND time < clock_timestamp() - $2::bigint * interval '1 microsecond'"
    " ORDER BY sequence LIMIT $3";
constexpr char kSequenceBefore[] = "customer.changes_sequence_before";
constexpr char kSequenceBeforeSql[] =
    "SELECT coalesce((SELECT min(sequence) - 1 FROM customer.changes"
    " WHERE time >= to_timestamp($1::bigint / 1e6)),"
    " (SELECT max(sequence) FROM customer.changes), 0)";
constexpr char kPrune[] = "customer.changes_prune";
constexpr char kPruneSql[] =
    "DELETE FROM customer.changes"
    " WHERE time < clock_timestamp() - $1::bigint * interval '1 microsecond'";

}  // namespace

std::vector<pg::PreparedStatement> ChangeFeed::Statements() {
  return {{kAfter, kAfterSql}, {kSequenceBefore, kSequenceBeforeSql}, {kPrune, kPruneSql}};
}

absl::StatusOr<ChangeFeed::Page> ChangeFeed::After(int64_t after_sequence, int limit) {
  Page page{.last_sequence = after_sequence};
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        for (const pqxx::row& row :
             tx.exec_prepared(kAfter, after_sequence, absl::ToInt64Microseconds(settle_), limit)) {
          v1::CustomerChange& change = page.changes.emplace_back();
          page.last_sequence = row[0].as<int64_t>();
          page.sequences.push_back(page.last_sequence);
          change.set_event_id(row[1].c_str());
          change.set_customer(crm::StrCat("customers/", row[2].c_str()));
          change.set_type(static_cast<v1::CustomerChange::Type>(row[3].as<int>()));
          change.set_version(row[4].as<int64_t>());
          *change.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
          if (const char* survivor = row[6].c_str(); *survivor != '\0') {
            change.set_merged_into(crm::StrCat("customers/", survivor));
          }
        }
        return absl::OkStatus();
      },
      "customer.list_changes");
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<int64_t> ChangeFeed::SequenceBefore(absl::Time time) {
  int64_t sequence = 0;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        sequence = tx.exec_prepared1(kSequenceBefore, absl::ToUnixMicros(time))[0].as<int64_t>();
        return absl::OkStatus();
      },
      "customer.changes_start");
  if (!status.ok()) return status;
  return sequence;
}

absl::Status ChangeFeed::MaybePrune() {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  int64_t due = next_prune_unix_seconds_.load();
  if (now < due || !next_prune_unix_seconds_.compare_exchange_strong(due, now + 3600)) {
    return absl::OkStatus();
  }
  return pg::RunInTransaction(pool_,
                              [&](pqxx::work& tx) {
                                tx.exec_prepared0(kPrune, absl::ToInt64Microseconds(retention_));
                                return absl::OkStatus();
                              },
                              {.operation = "customer.changes_prune"});
}

}  // namespace crm::customer
