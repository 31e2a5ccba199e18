#include "libs/events/follower.h"

#include "absl/time/clock.h"
#include "libs/log/log.h"
#include "libs/pg/schema_statement.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"

namespace crm::events {
namespace {

// "{schema}" is the follower's schema; $1 the feed.
constexpr char kEnsureSql[] =
    "INSERT INTO {schema}.followed_feeds (feed) VALUES ($1) ON CONFLICT (feed) DO NOTHING";
constexpr char kReadSql[] = "SELECT token FROM {schema}.followed_feeds WHERE feed = $1";
constexpr char kLockSql[] = "SELECT token FROM {schema}.followed_feeds WHERE feed = $1 FOR UPDATE";
constexpr char kSaveSql[] =
    "UPDATE {schema}.followed_feeds SET token = $2, update_time = clock_timestamp()"
    " WHERE feed = $1";
constexpr char kRememberSql[] =
    "INSERT INTO {schema}.followed_events (feed, event_id) VALUES ($1, $2)"
    " ON CONFLICT DO NOTHING";
constexpr char kPruneSql[] =
    "DELETE FROM {schema}.followed_events WHERE feed = $1"
    " AND applied_at < clock_timestamp() - $2::bigint * interval '1 microsecond'";

constexpr absl::Duration kPruneEvery = absl::Hours(1);

std::string Name(std::string_view schema, std::string_view what) {
  return crm::StrCat(schema, ".follower_", what);
}

pg::PreparedStatement Statement(std::string_view schema, std::string_view what,
                                std::string_view sql) {
  return pg::SchemaStatement(schema, crm::StrCat("follower_", what), sql);
}

}  // namespace

Follower::Follower(pg::ConnectionPool& pool, FollowerOptions options, ReadPage read)
    : pool_(pool),
      options_(std::move(options)),
      read_page_(std::move(read)),
      ensure_(Name(options_.schema, "ensure")),
      read_(Name(options_.schema, "read")),
      lock_(Name(options_.schema, "lock")),
      save_(Name(options_.schema, "save")),
      remember_(Name(options_.schema, "remember")),
      prune_(Name(options_.schema, "prune")),
      in_step_at_(absl::Now()) {}

Follower::~Follower() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

std::vector<pg::PreparedStatement> Follower::Statements(std::string_view schema) {
  return {Statement(schema, "ensure", kEnsureSql),     Statement(schema, "read", kReadSql),
          Statement(schema, "lock", kLockSql),         Statement(schema, "save", kSaveSql),
          Statement(schema, "remember", kRememberSql), Statement(schema, "prune", kPruneSql)};
}

void Follower::Start() {
  thread_ = std::thread([this] {
    do {
      (void)FollowOnce();  // Report() logs and records the outcome
    } while (!stop_.WaitForNotificationWithTimeout(options_.interval));
  });
}

absl::StatusOr<std::string> Follower::Cursor() {
  std::string token;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(read_, options_.feed);
        token = rows.empty() ? "" : rows[0][0].c_str();
        return absl::OkStatus();
      },
      crm::StrCat(options_.schema, ".follower_cursor"));
  if (!status.ok()) return status;
  return token;
}

absl::StatusOr<bool> Follower::Apply(const std::string& token, const FollowedPage& page,
                                     int64_t& applied) {
  bool moved = false;
  int64_t count = 0;
  const std::string operation = crm::StrCat(options_.schema, ".follow_", options_.feed);
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        count = 0;
        tx.exec_prepared0(ensure_, options_.feed);
        const std::string stored = tx.exec_prepared1(lock_, options_.feed)[0].c_str();
        moved = stored != token;
        if (moved) return absl::OkStatus();  // another replica applied this page
        for (const FollowedEvent& event : page.events) {
          if (tx.exec_prepared(remember_, options_.feed, event.event_id).affected_rows() == 0) {
            continue;  // applied before: a redelivery
          }
          if (absl::Status s = event.apply(tx); !s.ok()) return s;
          ++count;
        }
        tx.exec_prepared0(save_, options_.feed, page.next_token);
        return absl::OkStatus();
      },
      {.operation = operation});
  if (!status.ok()) return status;
  applied += count;
  return !moved;
}

absl::StatusOr<int64_t> Follower::FollowOnce() {
  int64_t applied = 0;
  absl::StatusOr<std::string> token = Cursor();
  absl::Status status = token.status();
  for (int pages = 0; status.ok() && pages < options_.max_pages_per_round; ++pages) {
    const absl::Time read_at = absl::Now();
    absl::StatusOr<FollowedPage> page = read_page_(*token);
    if (!page.ok()) {
      status = page.status();
      break;
    }
    absl::StatusOr<bool> advanced = Apply(*token, *page, applied);
    if (!advanced.ok()) {
      status = advanced.status();
      break;
    }
    if (!*advanced) {  // the cursor moved under us: read from where it is now
      token = Cursor();
      status = token.status();
      continue;
    }
    *token = page->next_token;
    if (page->at_end) {
      absl::MutexLock lock(&mu_);
      in_step_at_ = read_at;
      break;
    }
  }
  MaybePruneIds();
  Report(status);
  if (!status.ok()) return status;
  return applied;
}

void Follower::MaybePruneIds() {
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() < next_prune_) return;
    next_prune_ = absl::Now() + kPruneEvery;
  }
  const std::string operation = crm::StrCat(options_.schema, ".follower_prune");
  (void)pg::RunInTransaction(pool_,
                             [&](pqxx::work& tx) {
                               tx.exec_prepared0(
                                   prune_, options_.feed,
                                   absl::ToInt64Microseconds(options_.applied_ids_retention));
                               return absl::OkStatus();
                             },
                             {.operation = operation});  // housekeeping; a failure only delays it
}

void Follower::Report(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  const std::string error = status.ok() ? "" : status.ToString();
  if (error != last_error_) {
    if (error.empty()) {
      log::Info("event follower works again",
                {{"schema", options_.schema}, {"feed", options_.feed}});
    } else if (last_error_.empty()) {
      log::Warn("event follower failed; retrying",
                {{"schema", options_.schema}, {"feed", options_.feed}, {"error", error}});
    }
    last_error_ = error;
  }
  const absl::Duration lag = absl::Now() - in_step_at_;
  if (lag_gauge_ != nullptr) lag_gauge_->Set(absl::ToDoubleSeconds(lag));
  if (lag > options_.lag_warning && !warned_) {
    log::Warn(
        "event follower is behind",
        {{"schema", options_.schema}, {"feed", options_.feed}, {"lag", absl::FormatDuration(lag)}});
  }
  warned_ = lag > options_.lag_warning;
}

FollowerHealth Follower::Health() const {
  absl::MutexLock lock(&mu_);
  return {.in_step_at = in_step_at_, .lag = absl::Now() - in_step_at_, .last_error = last_error_};
}

void Follower::ExportMetrics(prometheus::Registry& registry) {
  prometheus::Family<prometheus::Gauge>& family =
      prometheus::BuildGauge()
          .Name("crm_event_follower_lag_seconds")
          .Help("How long ago a follower last held everything its feed had")
          .Register(registry);
  absl::MutexLock lock(&mu_);
  lag_gauge_ = &family.Add({{"schema", options_.schema}, {"feed", options_.feed}});
  lag_gauge_->Set(absl::ToDoubleSeconds(absl::Now() - in_step_at_));
}

}  // namespace crm::events
