// The contract jobs and the expiring list against real PostgreSQL with a
// FakeClock (2026-01-01T00:00Z, 08:00 on 2026-01-01 in Shanghai):
// activation on the start date, expiry after the end date, the expiring
// reminder once per end date and never while a renewal is in progress,
// overdue milestones once each — across reruns and two schedulers — and
// ListExpiringContracts (days, org unit, without renewal, pages, scope).
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/expiry/contract_jobs.h"
#include "services/contract/expiry/expiry_handlers.h"
#include "services/contract/receivables/contract_rows_for_test.h"

namespace crm::contract {
namespace {

using testing::ContractDatabase;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr absl::Duration kDay = absl::Hours(24);

std::vector<pg::PreparedStatement> AllStatements() {
  std::vector<pg::PreparedStatement> statements = ContractJobs::Statements();
  for (const pg::PreparedStatement& s : ExpiryHandlers::Statements()) statements.push_back(s);
  return statements;
}

// A fresh database per test: the jobs look at every contract.
class ContractJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = ContractDatabase::Open("contract_jobs", AllStatements());
    ASSERT_NE(db_, nullptr) << "the database did not open";
    jobs_ = std::make_unique<ContractJobs>(db_->context());
    customer_ = db_->Customer("orgUnits/sub-east");
  }

  // Runs one job body at the clock's time; returns what it announced.
  int64_t Run(absl::StatusOr<int64_t> (ContractJobs::*body)(pqxx::work&, absl::Time) const) {
    int64_t announced = -1;
    absl::Status status = pg::RunInTransaction(db_->pool(), [&](pqxx::work& tx) -> absl::Status {
      absl::StatusOr<int64_t> done = ((*jobs_).*body)(tx, db_->clock().Now());
      if (!done.ok()) return done.status();
      announced = *done;
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return announced;
  }
  std::string State(const std::string& id) {
    return db_->Value(crm::StrCat("SELECT state FROM contract.contracts WHERE id = '", id, "'"));
  }
  std::string Contract(int state, const std::string& start, const std::string& end,
                       const std::string& renews = "") {
    return db_->Contract({.state = state,
                          .customer_id = customer_,
                          .start_date = start,
                          .end_date = end,
                          .renews_id = renews,
                          .milestones = {{"2026-06-30", 1000000}}});
  }

  std::unique_ptr<ContractDatabase> db_;
  std::unique_ptr<ContractJobs> jobs_;
  std::string customer_;
};

TEST_F(ContractJobsTest, SignedContractsBecomeActiveOnTheirStartDateOnce) {
  const std::string today = Contract(5, "2026-01-01", "2026-12-31");
  const std::string tomorrow = Contract(5, "2026-01-02", "2026-12-31");
  const std::string draft = Contract(1, "2025-06-01", "2026-12-31");
  const std::string active = Contract(6, "2025-06-01", "2026-12-31");

  EXPECT_EQ(Run(&ContractJobs::Activate), 1);
  EXPECT_EQ(State(today), "6");
  EXPECT_EQ(State(tomorrow), "5");
  EXPECT_EQ(State(draft), "1");
  EXPECT_EQ(State(active), "6");
  EXPECT_EQ(Run(&ContractJobs::Activate), 0);

  // 16:00Z is midnight in Shanghai: the next day has begun there.
  db_->clock().Advance(absl::Hours(16));
  EXPECT_EQ(Run(&ContractJobs::Activate), 1);
  EXPECT_EQ(State(tomorrow), "6");
  EXPECT_THAT(db_->Events("CONTRACT_ACTIVATED"),
              ElementsAre(ContractName(today), ContractName(tomorrow)));

  // Audited as the system's, with the new version on the event; the
  // milestones stay receivable.
  EXPECT_THAT(db_->Column(crm::StrCat("SELECT actor || ' ' || method || ' ' || previous_state ||"
                                      " '>' || state || ' ' || comment FROM"
                                      " contract.contract_history WHERE contract_id = '",
                                      today, "'")),
              ElementsAre("system job:activation 5>6 start date 2026-01-01 reached"));
  EXPECT_EQ(
      db_->Value(crm::StrCat("SELECT version FROM contract.contracts WHERE id = '", today, "'")),
      "2");
  EXPECT_EQ(db_->Value(crm::StrCat("SELECT version FROM contract.events WHERE resource = '",
                                   ContractName(today), "'")),
            "2");
  EXPECT_EQ(
      db_->Value(crm::StrCat(
          "SELECT receivable FROM contract.payment_milestones WHERE contract_id = '", today, "'")),
      "t");
}

TEST_F(ContractJobsTest, ContractsExpireTheDayAfterTheirEndDateOnce) {
  const std::string ended = Contract(6, "2025-01-01", "2025-12-31");
  const std::string never_started = Contract(5, "2025-01-01", "2025-12-30");
  const std::string ends_today = Contract(6, "2025-01-01", "2026-01-01");
  const std::string terminated = Contract(8, "2025-01-01", "2025-06-30");

  EXPECT_EQ(Run(&ContractJobs::Activate), 0);  // never activates what has ended
  EXPECT_EQ(Run(&ContractJobs::Expire), 2);
  EXPECT_EQ(State(ended), "7");
  EXPECT_EQ(State(never_started), "7");
  EXPECT_EQ(State(ends_today), "6");
  EXPECT_EQ(State(terminated), "8");
  EXPECT_EQ(Run(&ContractJobs::Expire), 0);
  db_->clock().Advance(kDay);
  EXPECT_EQ(Run(&ContractJobs::Expire), 1);
  EXPECT_EQ(State(ends_today), "7");
  EXPECT_THAT(db_->Events("CONTRACT_EXPIRED"),
              UnorderedElementsAre(ContractName(ended), ContractName(never_started),
                                   ContractName(ends_today)));
  EXPECT_THAT(db_->Column(crm::StrCat("SELECT method || ' ' || previous_state || '>' || state"
                                      " FROM contract.contract_history WHERE contract_id = '",
                                      never_started, "'")),
              ElementsAre("job:expiry 5>7"));
  // Expired contracts' milestones stay receivable: what is owed is owed.
  EXPECT_EQ(
      db_->Value(crm::StrCat(
          "SELECT receivable FROM contract.payment_milestones WHERE contract_id = '", ended, "'")),
      "t");
}

TEST_F(ContractJobsTest, TheExpiringReminderComesOncePerEndDateAndNotWhileARenewalIsInProgress) {
  const std::string soon = Contract(6, "2025-01-01", "2026-02-15");      // 45 days
  const std::string later = Contract(6, "2025-01-01", "2026-03-15");     // 73 days
  const std::string renewing = Contract(6, "2025-01-01", "2026-02-01");  // renewal drafted
  const std::string renewal = Contract(1, "2026-02-02", "2027-02-01", renewing);
  const std::string failed = Contract(5, "2025-01-01", "2026-02-10");  // renewal rejected
  Contract(4, "2026-02-11", "2027-02-10", failed);
  Contract(8, "2025-01-01", "2026-01-20");  // terminated: never reminded
  Contract(1, "2025-01-01", "2026-01-20");  // a draft: never reminded

  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 2);
  EXPECT_THAT(db_->Events("CONTRACT_EXPIRING"),
              UnorderedElementsAre(ContractName(soon), ContractName(failed)));
  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 0);

  // 14 days on, the later one is 59 days away.
  db_->clock().Advance(14 * kDay);
  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 1);
  EXPECT_EQ(db_->Events("CONTRACT_EXPIRING").back(), ContractName(later));

  // The renewal is terminated: the old one is reminded after all, once.
  db_->Exec(crm::StrCat("UPDATE contract.contracts SET state = 8 WHERE id = '", renewal, "'"));
  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 1);
  EXPECT_EQ(db_->Events("CONTRACT_EXPIRING").back(), ContractName(renewing));
  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 0);

  // Another end date is another reminder.
  db_->Exec(
      crm::StrCat("UPDATE contract.contracts SET end_date = '2026-02-20' WHERE id = '", soon, "'"));
  EXPECT_EQ(Run(&ContractJobs::RemindExpiring), 1);
  EXPECT_EQ(db_->Events("CONTRACT_EXPIRING").size(), 5u);
  EXPECT_EQ(db_->Value(crm::StrCat(
                "SELECT expiry_reminded_for FROM contract.contracts WHERE id = '", soon, "'")),
            "2026-02-20");
}

TEST_F(ContractJobsTest, TheReminderPeriodIsConfigured) {
  ContractContext context = db_->context();
  context.expiry_reminder_days = 30;
  const ContractJobs thirty(context);
  Contract(6, "2025-01-01", "2026-02-15");  // 45 days
  const std::string near = Contract(6, "2025-01-01", "2026-01-31");
  int64_t announced = -1;
  ASSERT_TRUE(pg::RunInTransaction(db_->pool(), [&](pqxx::work& tx) -> absl::Status {
                absl::StatusOr<int64_t> done = thirty.RemindExpiring(tx, db_->clock().Now());
                announced = done.value_or(-1);
                return done.status();
              }).ok());
  EXPECT_EQ(announced, 1);
  EXPECT_THAT(db_->Events("CONTRACT_EXPIRING"), ElementsAre(ContractName(near)));
}

TEST_F(ContractJobsTest, EachOverdueMilestoneIsAnnouncedOnce) {
  const std::string signed_one =
      db_->Contract({.state = 5,
                     .customer_id = customer_,
                     .milestones = {{"2025-12-31", 100000},             // 1 day overdue
                                    {"2026-01-01", 200000},             // due today
                                    {"2025-12-01", 300000, 300000},     // paid
                                    {"2025-11-01", 400000, 150000}}});  // partly paid
  db_->Contract({.state = 1, .customer_id = customer_, .milestones = {{"2025-10-01", 500000}}});

  EXPECT_EQ(Run(&ContractJobs::AnnounceOverdue), 2);
  EXPECT_EQ(Run(&ContractJobs::AnnounceOverdue), 0);
  db_->clock().Advance(kDay);
  EXPECT_EQ(Run(&ContractJobs::AnnounceOverdue), 1);
  EXPECT_THAT(
      db_->Events("MILESTONE_OVERDUE"),
      ElementsAre(ContractName(signed_one), ContractName(signed_one), ContractName(signed_one)));
  EXPECT_THAT(db_->Column(crm::StrCat("SELECT sequence FROM contract.payment_milestones WHERE"
                                      " contract_id = '",
                                      signed_one, "' AND overdue_announced ORDER BY sequence")),
              ElementsAre("1", "2", "4"));
  // The event carries the milestone's outstanding amount (its payload).
  v1::ContractEvent payload;
  const std::vector<std::string> amounts = db_->Column(
      "SELECT encode(payload, 'hex') FROM contract.events WHERE type = 'MILESTONE_OVERDUE'"
      " ORDER BY sequence");
  ASSERT_EQ(amounts.size(), 3u);
  std::vector<int64_t> outstanding;
  for (const std::string& hex : amounts) {
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    ASSERT_TRUE(payload.ParseFromString(bytes));
    outstanding.push_back(payload.amount().minor_units());
  }
  EXPECT_THAT(outstanding, UnorderedElementsAre(100000, 250000, 200000));
}

TEST_F(ContractJobsTest, TheScheduledJobsRunOnOneReplicaOncePerPeriod) {
  const std::string starting = Contract(5, "2026-01-01", "2026-02-01");
  const std::string ending = Contract(6, "2025-01-01", "2025-12-31");
  const auto scheduler = [&]() {
    auto s = std::make_unique<jobs::JobScheduler>(db_->pool(), kContractSchema, db_->clock());
    EXPECT_TRUE(jobs_->Register(*s, absl::Hours(1)).ok());
    return s;
  };
  std::unique_ptr<jobs::JobScheduler> one = scheduler();
  std::unique_ptr<jobs::JobScheduler> two = scheduler();
  absl::StatusOr<int> ran = one->RunDueOnce();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_EQ(*ran, 4);
  EXPECT_EQ(two->RunDueOnce().value_or(-1), 0);  // not due again within the period
  EXPECT_EQ(State(starting), "6");
  EXPECT_EQ(State(ending), "7");
  // The new ACTIVE one ends within 60 days: reminded in the same round.
  EXPECT_THAT(db_->Events("CONTRACT_EXPIRING"), ElementsAre(ContractName(starting)));
  for (int hour = 0; hour < 3; ++hour) {
    db_->clock().Advance(absl::Hours(1));
    EXPECT_EQ((hour % 2 == 0 ? *two : *one).RunDueOnce().value_or(-1), 4);
    EXPECT_EQ((hour % 2 == 0 ? *one : *two).RunDueOnce().value_or(-1), 0);
  }
  EXPECT_EQ(db_->Events("CONTRACT_ACTIVATED").size(), 1u);
  EXPECT_EQ(db_->Events("CONTRACT_EXPIRED").size(), 1u);
  EXPECT_EQ(db_->Events("CONTRACT_EXPIRING").size(), 1u);
  absl::StatusOr<std::vector<jobs::JobState>> states = one->States();
  ASSERT_TRUE(states.ok());
  std::vector<std::string> names;
  for (const jobs::JobState& state : *states) names.push_back(state.name);
  EXPECT_THAT(names, ElementsAre("contract_activation", "contract_expiring", "contract_expiry",
                                 "milestone_overdue"));
}

// ListExpiringContracts over one fixture, today 2026-01-01.
class ExpiringListTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = ContractDatabase::Open("contract_expiring", AllStatements());
    if (db_ == nullptr) return;
    handlers_ = std::make_unique<ExpiryHandlers>(db_->context());
    const std::string east = db_->Customer("orgUnits/sub-east", "华东客户");
    const std::string west = db_->Customer("orgUnits/sub-west", "华西客户");
    const auto contract = [&](int state, const std::string& customer, const std::string& unit,
                              const std::string& end, const std::string& renews = "") {
      return db_->Contract({.state = state,
                            .customer_id = customer,
                            .signing_org_unit = unit,
                            .end_date = end,
                            .renews_id = renews,
                            .milestones = {{"2026-06-30", 100000}}});
    };
    today_ = contract(6, east, "orgUnits/sub-east", "2026-01-01");
    renewed_ = contract(6, east, "orgUnits/sub-east", "2026-01-20");
    contract(1, east, "orgUnits/sub-east", "2027-01-20", renewed_);  // its renewal, a draft
    soon_ = contract(5, east, "orgUnits/sub-east-sh", "2026-02-01");
    west_ = contract(6, west, "orgUnits/sub-west", "2026-01-10");
    at_60_ = contract(6, east, "orgUnits/sub-east", "2026-03-02");
    contract(6, east, "orgUnits/sub-east", "2026-03-03");  // 61 days
    contract(7, east, "orgUnits/sub-east", "2025-12-31");  // expired
    contract(8, east, "orgUnits/sub-east", "2026-01-05");  // terminated
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    db_.reset();
  }
  void SetUp() override { ASSERT_NE(handlers_, nullptr) << "the database did not open"; }

  static absl::StatusOr<v1::ListExpiringContractsResponse> List(
      const auth::v1::Principal& principal, const v1::ListExpiringContractsRequest& request) {
    v1::ListExpiringContractsResponse response;
    absl::Status status = request::Handle(
        principal, "ListExpiringContracts", "test", request,
        [&](const request::Actor& actor, status::FieldViolations& violations) {
          return handlers_->ListExpiringContracts(actor, request, response, violations);
        });
    if (!status.ok()) return status;
    return response;
  }
  // "id days_left renewing" per row.
  static std::vector<std::string> Rows(const v1::ListExpiringContractsResponse& page) {
    std::vector<std::string> rows;
    for (const v1::ExpiringContract& e : page.contracts()) {
      rows.push_back(crm::StrCat(ParseContractName(e.contract().name()).value_or("?"), " ",
                                 e.days_left(), e.renewal_in_progress() ? " renewing" : ""));
    }
    return rows;
  }
  static auth::v1::Principal Hq() { return auth::DevelopmentPrincipal("hq", "hq", {"hq_admin"}); }
  static auth::v1::Principal East() {
    auth::v1::Principal principal = auth::DevelopmentPrincipal("li.si", "sub-east", {"sales"});
    principal.add_scope_org_units("orgUnits/sub-east-sh");
    return principal;
  }

  static inline std::unique_ptr<ContractDatabase> db_;
  static inline std::unique_ptr<ExpiryHandlers> handlers_;
  static inline std::string today_, renewed_, soon_, west_, at_60_;
};

TEST_F(ExpiringListTest, SoonestFirstWithinTheDaysAskedWithTheirRenewals) {
  absl::StatusOr<v1::ListExpiringContractsResponse> all = List(Hq(), {});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Rows(*all), ElementsAre(today_ + " 0", west_ + " 9", renewed_ + " 19 renewing",
                                      soon_ + " 31", at_60_ + " 60"));
  EXPECT_EQ(all->contracts(0).contract().customer_display_name(), "华东客户");

  v1::ListExpiringContractsRequest ten;
  ten.set_days(10);
  ten.set_without_renewal_only(true);
  absl::StatusOr<v1::ListExpiringContractsResponse> near = List(Hq(), ten);
  ASSERT_TRUE(near.ok()) << near.status();
  EXPECT_THAT(Rows(*near), ElementsAre(today_ + " 0", west_ + " 9"));

  v1::ListExpiringContractsRequest without;
  without.set_without_renewal_only(true);
  absl::StatusOr<v1::ListExpiringContractsResponse> signal = List(Hq(), without);
  ASSERT_TRUE(signal.ok()) << signal.status();
  EXPECT_THAT(Rows(*signal),
              ElementsAre(today_ + " 0", west_ + " 9", soon_ + " 31", at_60_ + " 60"));
}

TEST_F(ExpiringListTest, ScopeAndOrgUnitNarrowTheList) {
  absl::StatusOr<v1::ListExpiringContractsResponse> east = List(East(), {});
  ASSERT_TRUE(east.ok()) << east.status();
  EXPECT_THAT(Rows(*east),
              ElementsAre(today_ + " 0", renewed_ + " 19 renewing", soon_ + " 31", at_60_ + " 60"));
  v1::ListExpiringContractsRequest shanghai;
  shanghai.set_org_unit("orgUnits/sub-east-sh");
  absl::StatusOr<v1::ListExpiringContractsResponse> sh = List(East(), shanghai);
  ASSERT_TRUE(sh.ok()) << sh.status();
  EXPECT_THAT(Rows(*sh), ElementsAre(soon_ + " 31"));

  v1::ListExpiringContractsRequest west;
  west.set_org_unit("orgUnits/sub-west");
  absl::StatusOr<v1::ListExpiringContractsResponse> refused = List(East(), west);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  absl::StatusOr<v1::ListExpiringContractsResponse> hq_west = List(Hq(), west);
  ASSERT_TRUE(hq_west.ok()) << hq_west.status();
  EXPECT_THAT(Rows(*hq_west), ElementsAre(west_ + " 9"));
}

TEST_F(ExpiringListTest, PagesContinueAndBadFieldsAreListed) {
  v1::ListExpiringContractsRequest request;
  request.set_page_size(2);
  std::vector<std::string> rows;
  for (int page = 0; page < 5; ++page) {
    absl::StatusOr<v1::ListExpiringContractsResponse> got = List(Hq(), request);
    ASSERT_TRUE(got.ok()) << got.status();
    for (const std::string& row : Rows(*got)) rows.push_back(row);
    if (got->next_page_token().empty()) break;
    request.set_page_token(got->next_page_token());
  }
  EXPECT_THAT(rows, ElementsAre(today_ + " 0", west_ + " 9", renewed_ + " 19 renewing",
                                soon_ + " 31", at_60_ + " 60"));
  // A token of this list does not continue another.
  request.set_days(30);
  EXPECT_EQ(List(Hq(), request).status().code(), absl::StatusCode::kInvalidArgument);

  v1::ListExpiringContractsRequest bad;
  bad.set_days(367);
  bad.set_org_unit("sub-east");
  bad.set_page_size(-1);
  absl::StatusOr<v1::ListExpiringContractsResponse> refused = List(Hq(), bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(refused.status())) fields.push_back(v.field());
  EXPECT_THAT(fields, ElementsAre("days", "org_unit", "page_size"));
  EXPECT_THAT(status::GetFieldViolations(refused.status())[0].description(),
              "days: must be 1 to 366 (0 for the default 60), got 367");
  v1::ListExpiringContractsRequest negative;
  negative.set_days(-5);
  EXPECT_EQ(List(Hq(), negative).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace crm::contract
