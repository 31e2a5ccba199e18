#ifndef CRM_SERVICES_CONTRACT_RECEIVABLES_CONTRACT_ROWS_FOR_TEST_H_
#define CRM_SERVICES_CONTRACT_RECEIVABLES_CONTRACT_ROWS_FOR_TEST_H_

// For the receivables and expiry tests: a contract database of their own
// (real PostgreSQL, the service's migrations and statements), and contracts
// written straight into it in the state a test needs — as the contract
// service would have stored them after approval and signing, so these tests
// exercise receipts, aggregates and jobs without running the approval flow
// (the RPC path through approval and signing is the contract e2e tests').

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "libs/clock/fake_clock.h"
#include "libs/crypto/crypto.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/contract/core/contract_context.h"
#include "services/contract/core/contract_database.h"
#include "services/contract/core/contract_events.h"

namespace crm::contract::testing {

// One payment milestone as stored.
struct MilestoneRow {
  std::string due_date;  // "2025-12-31"
  int64_t amount = 0;    // fen
  int64_t paid = 0;      // fen
};

// One contract as stored, with its milestones (sequences 1, 2, ... in the
// order given).
struct ContractRow {
  int state = 5;  // v1::ContractState: SIGNED
  std::string customer_id;
  std::string signing_org_unit = "orgUnits/sub-east";
  // Root first, ending with the signing org unit; empty: hq, then the unit.
  std::vector<std::string> path;
  std::string currency = "CNY";
  int64_t amount = 0;  // fen; 0: the milestones' sum
  std::string start_date = "2025-01-01";
  std::string end_date = "2026-12-31";
  std::string renews_id;  // "" none
  std::vector<MilestoneRow> milestones;
};

// A database with the contract schema, its pool and what handlers need.
class ContractDatabase final {
 public:
  static std::unique_ptr<ContractDatabase> Open(std::string_view prefix,
                                                std::vector<pg::PreparedStatement> statements) {
    auto db = std::make_unique<ContractDatabase>();
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create(prefix);
    EXPECT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    if (!database.ok()) return nullptr;
    db->database_ = *std::move(database);
    db->request_log_ = std::make_unique<idempotency::RequestLog>(kContractSchema);
    pg::PoolOptions options;
    options.dsn = db->database_->dsn();
    options.size = 4;
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = OpenContractDatabase(
        std::move(options), *db->request_log_, std::move(statements), /*migrate=*/true);
    EXPECT_TRUE(pool.ok()) << pool.status();
    if (!pool.ok()) return nullptr;
    db->pool_ = *std::move(pool);
    db->outbox_ = std::make_unique<events::Outbox>(
        *db->pool_, ContractFeed(absl::Milliseconds(10), absl::Hours(1)));
    db->page_tokens_ = std::make_unique<pagination::PageTokenCodec>("page-token-key");
    db->context_ = ContractContext{.pool = db->pool_.get(),
                                   .request_log = db->request_log_.get(),
                                   .outbox = db->outbox_.get(),
                                   .clock = &db->clock_,
                                   .page_tokens = db->page_tokens_.get()};
    return db;
  }

  const ContractContext& context() const { return context_; }
  pg::ConnectionPool& pool() { return *pool_; }
  // 2026-01-01T00:00Z: 08:00 on 2026-01-01 in Shanghai.
  clock::FakeClock& clock() { return clock_; }

  void Exec(const std::string& sql) {
    ASSERT_TRUE(pg::RunInTransaction(*pool_,
                                     [&](pqxx::work& tx) {
                                       tx.exec0(sql);
                                       return absl::OkStatus();
                                     })
                    .ok())
        << sql;
  }
  // The first column of `sql`'s rows ("NULL" for null).
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> values;
    EXPECT_TRUE(pg::RunReadOnly(*pool_,
                                [&](pqxx::nontransaction& tx) {
                                  for (const pqxx::row& row : tx.exec(sql)) {
                                    values.push_back(row[0].is_null() ? "NULL"
                                                                      : row[0].as<std::string>());
                                  }
                                  return absl::OkStatus();
                                })
                    .ok())
        << sql;
    return values;
  }
  std::string Value(const std::string& sql) {
    const std::vector<std::string> values = Column(sql);
    return values.empty() ? "" : values[0];
  }

  // A customer in the replica, owned by `owner_org_unit`; its id.
  std::string Customer(const std::string& owner_org_unit,
                       const std::string& display_name = "某客户",
                       const std::string& account_team = "{}") {
    const std::string id = crypto::NewUuid();
    Exec(crm::StrCat(
        "INSERT INTO contract.replica_customers (customer_id, display_name, owner_org_unit,"
        " account_team, state, version) VALUES ('",
        id, "', '", display_name, "', '", owner_org_unit, "', '", account_team, "', 1, 1)"));
    return id;
  }

  // A hierarchy node in the group replica (customer "" for a department).
  void GroupNode(int64_t id, const std::string& path, const std::string& customer_id) {
    const std::string root = path.substr(0, path.find('.'));
    Exec(crm::StrCat(
        "INSERT INTO contract.replica_group_nodes (node_id, root_id, customer_id, path, version)"
        " VALUES (",
        id, ", ", root, ", ", customer_id.empty() ? "NULL" : crm::StrCat("'", customer_id, "'"),
        ", '", path, "', 1)"));
  }

  // Writes `row` and its milestones; returns the contract's id.
  std::string Contract(const ContractRow& row) {
    const std::string id = crypto::NewUuid();
    std::vector<std::string> path = row.path;
    if (path.empty()) path = {"orgUnits/hq", row.signing_org_unit};
    std::string path_sql = "ARRAY[";
    for (size_t i = 0; i < path.size(); ++i) {
      crm::StrAppend(&path_sql, i == 0 ? "'" : ", '", path[i], "'");
    }
    path_sql += "]";
    int64_t amount = row.amount;
    if (amount == 0) {
      for (const MilestoneRow& m : row.milestones) amount += m.amount;
    }
    const bool receivable = row.state == 5 || row.state == 6 || row.state == 7;
    Exec(crm::StrCat(
        "INSERT INTO contract.contracts (id, contract_number, kind, state, title, customer_id,"
        " signing_org_unit, signing_org_unit_path, owner_user, currency_code, amount_minor,"
        " start_date, end_date, renews_id, create_time, update_time) VALUES ('",
        id, "', 'HT-T-", id.substr(0, 8), "', 3, ", row.state, ", '合同', '", row.customer_id,
        "', '", row.signing_org_unit, "', ", path_sql, ", 'users/li.si', '", row.currency, "', ",
        amount, ", '", row.start_date, "', '", row.end_date, "', ",
        row.renews_id.empty() ? "NULL" : crm::StrCat("'", row.renews_id, "'"),
        ", '2025-01-01 00:00Z', '2025-01-01 00:00Z')"));
    for (size_t i = 0; i < row.milestones.size(); ++i) {
      const MilestoneRow& m = row.milestones[i];
      Exec(crm::StrCat(
          "INSERT INTO contract.payment_milestones (contract_id, sequence, due_date,"
          " amount_minor, paid_minor, customer_id, signing_org_unit, signing_org_unit_path,"
          " currency_code, receivable) VALUES ('",
          id, "', ", i + 1, ", '", m.due_date, "', ", m.amount, ", ", m.paid, ", '",
          row.customer_id, "', '", row.signing_org_unit, "', ", path_sql, ", '", row.currency,
          "', ", receivable ? "true" : "false", ")"));
    }
    return id;
  }

  // The events of `type` on the feed, by resource; with `resource_prefix`,
  // only those of resources starting with it (tests sharing a database see
  // each other's events, in any order).
  std::vector<std::string> Events(const std::string& type,
                                  const std::string& resource_prefix = "") {
    return Column(crm::StrCat("SELECT resource FROM contract.events WHERE type = '", type,
                              "' AND starts_with(resource, '", resource_prefix,
                              "') ORDER BY sequence"));
  }

 private:
  std::unique_ptr<crm::testing::TestDatabase> database_;
  std::unique_ptr<idempotency::RequestLog> request_log_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<pagination::PageTokenCodec> page_tokens_;
  clock::FakeClock clock_;
  ContractContext context_;
};

}  // namespace crm::contract::testing

#endif  // CRM_SERVICES_CONTRACT_RECEIVABLES_CONTRACT_ROWS_FOR_TEST_H_
