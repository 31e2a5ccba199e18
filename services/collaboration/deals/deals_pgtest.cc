// The deal followers against the real opportunity and contract services: a
// won opportunity opens its attribution, its contract joins it, a contract
// without an opportunity opens its own, and neither a redelivery, a replay
// nor a follower restarted in the middle of the feeds opens anything twice
// or loses a deal.
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/auth/principal_signer.h"
#include "libs/clock/business_day.h"
#include "libs/clock/quarter.h"
#include "libs/events/outbox.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/collaboration/core/collaboration_context.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/deals/deal_followers.h"
#include "services/collaboration/testing/collaboration_test_env.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::collaboration::testing {
namespace {

using auth::v1::Principal;
using ::testing::Ge;

namespace opp = ::crm::opportunity::v1;
namespace ctr = ::crm::contract::v1;

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

Principal EastLegal() {
  return customer::testing::CustomerTestEnv::WithRoles("zhao.legal", "sub-east", {"legal"});
}

// What the tests need of the environment's configuration to build deal
// followers of their own over the same feeds and cursors.
struct Wiring {
  std::string opportunity_address, contract_address, principal_key;
};
Wiring wiring;

class DealsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env = CollaborationTestEnv::Start(
        "collaboration_deals",
        {.opportunity = true, .contract = true, .configure = [](CollaborationConfig& config) {
           wiring = {config.opportunity_address, config.contract_address, config.principal_key};
         }});
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    ASSERT_FALSE(wiring.opportunity_address.empty());
    ASSERT_FALSE(wiring.contract_address.empty());
    // Winning a new opportunity at once (the way through the stages and
    // their gates is the pipeline's tests' business).
    opp::StageModel model;
    ASSERT_TRUE(env_->opportunities()
                    .GetStageModel(env_->As(Hq()).get(), opp::GetStageModelRequest(), &model)
                    .ok());
    opp::UpdateStageModelRequest update;
    *update.mutable_stage_model() = model;
    update.mutable_stage_model()->set_min_survey_completeness_bp(0);
    update.mutable_stage_model()->set_require_decision_maker(false);
    const grpc::Status updated =
        env_->opportunities().UpdateStageModel(env_->As(Hq()).get(), update, &model);
    ASSERT_TRUE(updated.ok()) << updated.error_message();
  }
  static void TearDownTestSuite() { env_.reset(); }

  // Every deal event of the feeds so far applied, so a test counts its own.
  void SetUp() override { Follow(); }

  static int64_t Follow() {
    EXPECT_TRUE(env_->SyncCustomers().ok());
    CollaborationTestEnv::WaitForFeeds();
    absl::StatusOr<int64_t> applied = env_->module().FollowDealsOnce();
    EXPECT_TRUE(applied.ok()) << applied.status();
    return applied.value_or(-1);
  }

  static std::string Query(const std::string& sql) { return env_->QueryValue(sql); }

  // A followed feed's stored cursor, and putting one back.
  static std::string Cursor(const std::string& feed) {
    return Query(
        crm::StrCat("SELECT token FROM collaboration.followed_feeds WHERE feed = '", feed, "'"));
  }
  static void SetCursor(const std::string& feed, const std::string& token) {
    std::string quoted;
    for (const char c : token) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    Query(crm::StrCat("UPDATE collaboration.followed_feeds SET token = '", quoted,
                      "' WHERE feed = '", feed, "'"));
  }
  static int Count(const std::string& sql) { return std::stoi(Query(sql)); }

  // A won opportunity of `as`'s org unit on `customer`.
  static opp::Opportunity Won(const Principal& as, const std::string& customer,
                              const std::string& title, int64_t fen,
                              const std::vector<std::string>& collaborating = {}) {
    opp::CreateOpportunityRequest create;
    create.mutable_opportunity()->set_customer(customer);
    create.mutable_opportunity()->set_title(title);
    *create.mutable_opportunity()->mutable_amount() = Cny(fen);
    for (const std::string& unit : collaborating) {
      create.mutable_opportunity()->add_collaborating_org_units(unit);
    }
    opp::Opportunity created;
    grpc::Status status =
        env_->opportunities().CreateOpportunity(env_->As(as).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    opp::WinOpportunityRequest win;
    win.set_name(created.name());
    win.set_etag(created.etag());
    opp::Opportunity won;
    status = env_->opportunities().WinOpportunity(env_->As(as).get(), win, &won);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(won.stage(), opp::WON);
    return won;
  }

  // A contract of `fen` (at most 1,000,000 CNY: legal approves alone) by
  // EastSales on `customer`, from `opportunity` when given, submitted,
  // approved and signed.
  static ctr::Contract Signed(const std::string& customer, const std::string& title, int64_t fen,
                              const std::string& opportunity = "") {
    const absl::CivilDay today = clock::BusinessToday(env_->clock());
    ctr::CreateContractRequest create;
    ctr::Contract& values = *create.mutable_contract();
    values.set_kind(ctr::STANDALONE);
    values.set_title(title);
    values.set_customer(customer);
    values.set_opportunity(opportunity);
    *values.mutable_amount() = Cny(fen);
    *values.mutable_start_date() = validation::FromCivilDay(today + 10);
    *values.mutable_end_date() = validation::FromCivilDay(today + 375);
    ctr::PaymentMilestone* all = values.add_payment_milestones();
    *all->mutable_due_date() = validation::FromCivilDay(today + 40);
    *all->mutable_amount() = Cny(fen);
    all->set_description("全款");
    ctr::Contract contract;
    grpc::Status status =
        env_->contracts().CreateContract(env_->As(EastSales()).get(), create, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::SubmitContractRequest submit;
    submit.set_name(contract.name());
    submit.set_etag(contract.etag());
    status = env_->contracts().SubmitContract(env_->As(EastSales()).get(), submit, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::ApproveContractRequest approve;
    approve.set_name(contract.name());
    approve.set_etag(contract.etag());
    approve.set_comment("同意");
    status = env_->contracts().ApproveContract(env_->As(EastLegal()).get(), approve, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::SignContractRequest sign;
    sign.set_name(contract.name());
    sign.set_etag(contract.etag());
    status = env_->contracts().SignContract(env_->As(EastSales()).get(), sign, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(contract.state(), ctr::SIGNED);
    return contract;
  }

  // A column of the attribution of deal `deal_key` ("" when there is none).
  static std::string Attribution(const std::string& deal_key, const std::string& column) {
    return Query(crm::StrCat("SELECT ", column,
                             " FROM collaboration.attributions WHERE deal_key = '", deal_key, "'"));
  }
  static int Attributions(const std::string& deal_key) {
    return Count(crm::StrCat("SELECT count(*) FROM collaboration.attributions WHERE deal_key = '",
                             deal_key, "'"));
  }
  // Its contributors as "org unit:roles" in org-unit order.
  static std::string Contributors(const std::string& deal_key) {
    return Query(crm::StrCat(
        "SELECT string_agg(c.org_unit || ':' || array_to_string(c.roles, ','), ' '"
        " ORDER BY c.org_unit) FROM collaboration.attribution_contributors c"
        " JOIN collaboration.attributions a ON a.id = c.attribution_id WHERE a.deal_key = '",
        deal_key, "'"));
  }
  // The feed events of `type` recorded for the attribution of `deal_key`.
  static int Events(const std::string& deal_key, const std::string& type) {
    return Count(
        crm::StrCat("SELECT count(*) FROM collaboration.events e JOIN collaboration.attributions a"
                    " ON e.resource = 'attributions/' || a.id::text WHERE a.deal_key = '",
                    deal_key, "' AND e.type = '", type, "'"));
  }

  // The state of everything a deal event may write, to compare before and
  // after a replay.
  static std::string Everything() {
    return Query(
        "SELECT (SELECT count(*) FROM collaboration.attributions) || '/' ||"
        " (SELECT count(*) FROM collaboration.attribution_contributors) || '/' ||"
        " (SELECT count(*) FROM collaboration.attribution_history) || '/' ||"
        " (SELECT count(*) FROM collaboration.events) || '/' ||"
        " (SELECT coalesce(sum(version), 0) FROM collaboration.attributions) || '/' ||"
        " (SELECT coalesce(sum(amount_minor), 0) FROM collaboration.attributions)");
  }

  static std::unique_ptr<CollaborationTestEnv> env_;
};

std::unique_ptr<CollaborationTestEnv> DealsTest::env_;

TEST_F(DealsTest, AWonOpportunityOpensOneAttributionWithTheProposedContributors) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团上海设计院有限公司");
  // A request on the deal asks sub-north to help: a participant contributes.
  v1::CreateCollaborationRequestRequest raise;
  const opp::Opportunity won =
      Won(EastSales(), customer, "储能电站 EPC 设计", 123'456'789, {"orgUnits/sub-west"});
  v1::CollaborationRequest& request = *raise.mutable_collaboration_request();
  request.set_customer(customer);
  request.set_opportunity(won.name());
  request.set_title("储能电站施工方案");
  request.set_urgency(v1::URGENT);
  v1::Participant* north = request.add_participants();
  north->set_org_unit("orgUnits/sub-north");
  north->set_task("施工方案");
  v1::CollaborationRequest raised;
  const grpc::Status status =
      env_->stub().CreateCollaborationRequest(env_->As(EastSales()).get(), raise, &raised);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(Follow(), 1);
  const std::string key = won.name();
  ASSERT_EQ(Attributions(key), 1);
  EXPECT_EQ(Attribution(key, "opportunity_id::text"), IdOf(won.name()));
  EXPECT_EQ(Attribution(key, "contract_id IS NULL"), "t");
  EXPECT_EQ(Attribution(key, "customer_id::text"), IdOf(customer));
  EXPECT_EQ(Attribution(key, "deal_title"), "储能电站 EPC 设计");
  EXPECT_EQ(Attribution(key, "currency_code || amount_minor"), "CNY123456789");
  EXPECT_EQ(Attribution(key, "deal_date::text"), validation::FormatDate(won.close_date()));
  EXPECT_EQ(Attribution(key, "deal_quarter"),
            clock::FormatQuarter(clock::QuarterOf(validation::ToCivilDay(won.close_date()))));
  EXPECT_EQ(Attribution(key, "owner_org_unit"), "orgUnits/sub-east");
  EXPECT_EQ(Attribution(key, "state"), "1");  // DRAFT
  // The owner (who also owns the customer), the collaborator and the
  // request's participant, one row each with all its roles.
  EXPECT_EQ(Contributors(key), "orgUnits/sub-east:1,4 orgUnits/sub-north:3 orgUnits/sub-west:2");
  EXPECT_EQ(Query(crm::StrCat("SELECT array_to_string(c.evidence, ',')"
                              " FROM collaboration.attribution_contributors c"
                              " JOIN collaboration.attributions a ON a.id = c.attribution_id"
                              " WHERE a.deal_key = '",
                              key, "' AND c.org_unit = 'orgUnits/sub-north'")),
            raised.name());
  EXPECT_EQ(Events(key, "ATTRIBUTION_OPENED"), 1);
  EXPECT_EQ(Query(crm::StrCat("SELECT string_agg(h.method, ',') FROM"
                              " collaboration.attribution_history h JOIN collaboration.attributions"
                              " a ON a.id = h.attribution_id WHERE a.deal_key = '",
                              key, "'")),
            "follow:opportunity");

  // Nothing more to apply: the feeds are followed to their end.
  EXPECT_EQ(Follow(), 0);
  EXPECT_EQ(Attributions(key), 1);
}

// A customer unchanged since before the customer feed's oldest event is in
// no replica yet: the follower asks the customer service for it, so its
// owner org unit is still proposed.
TEST_F(DealsTest, ADealOnACustomerNotInTheReplicaStillProposesItsOwner) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团储能科技有限公司");
  EXPECT_TRUE(env_->SyncCustomers().ok());
  Query(crm::StrCat("DELETE FROM collaboration.replica_customers WHERE customer_id = '",
                    IdOf(customer), "' RETURNING 1"));
  ASSERT_EQ(Count(crm::StrCat("SELECT count(*) FROM collaboration.replica_customers"
                              " WHERE customer_id = '",
                              IdOf(customer), "'")),
            0);
  const opp::Opportunity won = Won(EastSales(), customer, "储能电池采购", 500'000);

  EXPECT_EQ(Follow(), 1);
  EXPECT_EQ(Contributors(won.name()), "orgUnits/sub-east:1,4");
}

TEST_F(DealsTest, ItsContractSignedLaterJoinsIt) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团江苏施工有限公司");
  const opp::Opportunity won =
      Won(EastSales(), customer, "光伏电站 EPC", 80'000'000, {"orgUnits/sub-west"});
  EXPECT_EQ(Follow(), 1);
  const std::string key = won.name();
  const std::string id = Attribution(key, "id::text");
  ASSERT_FALSE(id.empty());

  const ctr::Contract contract = Signed(customer, "光伏电站 EPC 合同", 75'000'000, won.name());
  EXPECT_EQ(Follow(), 1);
  // The same attribution: the contract joins it with its amount (DRAFT).
  ASSERT_EQ(Attributions(key), 1);
  EXPECT_EQ(Attributions(contract.name()), 0);
  EXPECT_EQ(Attribution(key, "id::text"), id);
  EXPECT_EQ(Attribution(key, "contract_id::text"), IdOf(contract.name()));
  EXPECT_EQ(Attribution(key, "amount_minor"), "75000000");
  EXPECT_EQ(Attribution(key, "owner_org_unit"), "orgUnits/sub-east");
  EXPECT_EQ(Contributors(key), "orgUnits/sub-east:1,4 orgUnits/sub-west:2");
  EXPECT_EQ(Events(key, "ATTRIBUTION_OPENED"), 1);
  EXPECT_EQ(Events(key, "ATTRIBUTION_UPDATED"), 1);
  EXPECT_EQ(Query(crm::StrCat("SELECT string_agg(method, ',' ORDER BY entry_id) FROM"
                              " collaboration.attribution_history WHERE attribution_id = '",
                              id, "'")),
            "follow:opportunity,follow:contract");
}

TEST_F(DealsTest, AContractFollowedBeforeItsWinOpensTheSameAttribution) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团先签有限公司");
  const std::string before_win = Cursor("opportunity");
  const opp::Opportunity won =
      Won(EastSales(), customer, "先签后赢的商机", 60'000'000, {"orgUnits/sub-west"});
  const ctr::Contract contract = Signed(customer, "先签的合同", 55'000'000, won.name());
  // The win is held back (its id taken for applied), so the contract's
  // signing is followed first.
  const std::string win_id =
      Query(crm::StrCat("SELECT event_id::text FROM opportunity.events WHERE resource = '",
                        won.name(), "' AND type = 'OPPORTUNITY_WON'"));
  ASSERT_FALSE(win_id.empty());
  Query(
      crm::StrCat("INSERT INTO collaboration.followed_events (feed, event_id) VALUES"
                  " ('opportunity', '",
                  win_id, "')"));
  EXPECT_EQ(Follow(), 1);
  const std::string key = won.name();
  ASSERT_EQ(Attributions(key), 1);
  EXPECT_EQ(Attributions(contract.name()), 0);
  // The opportunity's deal, as if opened from it, at the contract's amount.
  EXPECT_EQ(Attribution(key, "contract_id::text"), IdOf(contract.name()));
  EXPECT_EQ(Attribution(key, "deal_title"), "先签后赢的商机");
  EXPECT_EQ(Attribution(key, "amount_minor"), "55000000");
  EXPECT_EQ(Attribution(key, "deal_date::text"), validation::FormatDate(won.close_date()));
  EXPECT_EQ(Attribution(key, "owner_org_unit"), "orgUnits/sub-east");
  EXPECT_EQ(Contributors(key), "orgUnits/sub-east:1,4 orgUnits/sub-west:2");

  // The win, followed now, joins it and changes nothing of the deal.
  Query(crm::StrCat("DELETE FROM collaboration.followed_events WHERE event_id = '", win_id, "'"));
  SetCursor("opportunity", before_win);
  EXPECT_EQ(Follow(), 1);
  EXPECT_EQ(Attributions(key), 1);
  EXPECT_EQ(Attribution(key, "amount_minor"), "55000000");
  EXPECT_EQ(Contributors(key), "orgUnits/sub-east:1,4 orgUnits/sub-west:2");
  EXPECT_EQ(Events(key, "ATTRIBUTION_OPENED"), 1);
  EXPECT_EQ(Query(crm::StrCat("SELECT string_agg(h.method, ',' ORDER BY h.entry_id) FROM"
                              " collaboration.attribution_history h JOIN"
                              " collaboration.attributions a ON a.id = h.attribution_id"
                              " WHERE a.deal_key = '",
                              key, "'")),
            "follow:contract,follow:opportunity");
}

TEST_F(DealsTest, AContractWithoutAnOpportunityOpensItsOwn) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团建材有限公司");
  const ctr::Contract contract = Signed(customer, "特种水泥供货合同", 42'000'001);
  EXPECT_EQ(Follow(), 1);
  const std::string key = contract.name();
  ASSERT_EQ(Attributions(key), 1);
  EXPECT_EQ(Attribution(key, "opportunity_id IS NULL"), "t");
  EXPECT_EQ(Attribution(key, "contract_id::text"), IdOf(contract.name()));
  EXPECT_EQ(Attribution(key, "deal_title"), "特种水泥供货合同");
  EXPECT_EQ(Attribution(key, "amount_minor"), "42000001");
  EXPECT_EQ(Attribution(key, "deal_date::text"), validation::FormatDate(contract.signing_date()));
  EXPECT_EQ(Attribution(key, "owner_org_unit"), "orgUnits/sub-east");
  EXPECT_EQ(Contributors(key), "orgUnits/sub-east:1,4");
  EXPECT_EQ(Events(key, "ATTRIBUTION_OPENED"), 1);
}

TEST_F(DealsTest, AWinReopenedBeforeItIsFollowedWaitsForTheNextWin) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团反复有限公司");
  const opp::Opportunity won = Won(EastSales(), customer, "反复的商机", 5'000'000);
  opp::ReopenOpportunityRequest reopen;
  reopen.set_name(won.name());
  reopen.set_etag(won.etag());
  reopen.set_stage(opp::NEGOTIATION);
  reopen.set_reason("客户要求重新议价");
  opp::Opportunity reopened;
  grpc::Status status =
      env_->opportunities().ReopenOpportunity(env_->As(EastSales()).get(), reopen, &reopened);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The win is passed over: the opportunity is open again.
  EXPECT_EQ(Follow(), 0);
  EXPECT_EQ(Attributions(won.name()), 0);

  opp::WinOpportunityRequest win;
  win.set_name(won.name());
  win.set_etag(reopened.etag());
  opp::Opportunity won_again;
  status = env_->opportunities().WinOpportunity(env_->As(EastSales()).get(), win, &won_again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Follow(), 1);
  EXPECT_EQ(Attributions(won.name()), 1);
  EXPECT_EQ(Events(won.name(), "ATTRIBUTION_OPENED"), 1);
}

TEST_F(DealsTest, RedeliveryAndReplayOpenNothingTwice) {
  // Where the feeds' cursors stand before this test's deals.
  const std::string opportunity_token = Cursor("opportunity");
  const std::string contract_token = Cursor("contract");
  const auto rewind = [&] {
    SetCursor("opportunity", opportunity_token);
    SetCursor("contract", contract_token);
  };
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团重放有限公司");
  const opp::Opportunity won = Won(EastSales(), customer, "重放的商机", 10'000'000);
  const ctr::Contract joined = Signed(customer, "重放的商机合同", 9'000'000, won.name());
  const ctr::Contract alone = Signed(customer, "重放的独立合同", 3'000'000);
  EXPECT_EQ(Follow(), 3);
  const std::string before = Everything();

  // Redelivered: the feeds read again from before these deals; every event
  // id is known and skipped.
  rewind();
  EXPECT_EQ(Follow(), 0);
  EXPECT_EQ(Everything(), before);

  // Replayed after the ids were forgotten: the three deal events apply again
  // and find their deals' attributions (and their own history rows).
  rewind();
  Query("DELETE FROM collaboration.followed_events");
  EXPECT_EQ(Follow(), 3);
  EXPECT_EQ(Everything(), before);

  // And from the feeds' very start: everything of every test again.
  Query("UPDATE collaboration.followed_feeds SET token = ''");
  Query("DELETE FROM collaboration.followed_events");
  EXPECT_THAT(Follow(), Ge(3));
  EXPECT_EQ(Everything(), before);
  EXPECT_EQ(Attributions(won.name()), 1);
  EXPECT_EQ(Attributions(joined.name()), 0);
  EXPECT_EQ(Attributions(alone.name()), 1);
  EXPECT_EQ(Events(won.name(), "ATTRIBUTION_OPENED"), 1);
  EXPECT_EQ(Events(alone.name(), "ATTRIBUTION_OPENED"), 1);
}

TEST_F(DealsTest, AFollowerDestroyedAndRecreatedMidFeedLosesAndDoublesNothing) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团重启有限公司");
  std::vector<std::string> deals;
  const auto win = [&](int i) {
    deals.push_back(Won(EastSales(), customer, crm::StrCat("重启商机 ", i), 1'000'000 + i).name());
  };
  const auto sign = [&](int i) {
    deals.push_back(Signed(customer, crm::StrCat("重启合同 ", i), 2'000'000 + i).name());
  };
  for (int i = 0; i < 4; ++i) win(i);
  for (int i = 0; i < 2; ++i) sign(i);
  CollaborationTestEnv::WaitForFeeds();

  // Followers of their own over the module's cursors, each living for one
  // page of two events of each feed, as a process stopped after every page.
  events::Outbox outbox(env_->module().pool(),
                        CollaborationFeed(absl::Milliseconds(50), absl::Hours(24)));
  const CollaborationContext context{
      .pool = &env_->module().pool(), .outbox = &outbox, .clock = &env_->clock()};
  const auto one_page = [&]() -> int64_t {
    DealFollowers followers(
        env_->module().pool(), context,
        grpc::CreateChannel(wiring.opportunity_address, grpc::InsecureChannelCredentials()),
        grpc::CreateChannel(wiring.contract_address, grpc::InsecureChannelCredentials()),
        auth::PrincipalSigner(wiring.principal_key),
        {.interval = absl::ZeroDuration(), .page_size = 2, .max_pages_per_round = 1});
    absl::StatusOr<int64_t> applied = followers.FollowOnce();
    EXPECT_TRUE(applied.ok()) << applied.status();
    return applied.value_or(0);
  };
  const auto cursors = [] {
    return Query(
        "SELECT string_agg(feed || '=' || token, ',' ORDER BY feed)"
        " FROM collaboration.followed_feeds");
  };
  int64_t applied = 0;
  int rounds = 0;
  // Half way, more deals come.
  for (; rounds < 2; ++rounds) applied += one_page();
  EXPECT_GT(applied, 0);
  EXPECT_LT(applied, 6) << "the feeds were read to their end before the restarts";
  for (int i = 4; i < 6; ++i) win(i);
  sign(2);
  CollaborationTestEnv::WaitForFeeds();
  for (std::string last = cursors();; last = cursors()) {
    ASSERT_LT(++rounds, 200) << "the followers never reached the feeds' end";
    const int64_t page = one_page();
    applied += page;
    if (page == 0 && cursors() == last) break;
  }

  EXPECT_EQ(applied, 9);
  for (const std::string& deal : deals) {
    EXPECT_EQ(Attributions(deal), 1) << deal;
    EXPECT_EQ(Events(deal, "ATTRIBUTION_OPENED"), 1) << deal;
  }
  EXPECT_EQ(Count(crm::StrCat("SELECT count(*) FROM collaboration.attributions WHERE"
                              " customer_id = '",
                              IdOf(customer), "'")),
            9);
  // The module's own followers, on the same cursors, find nothing left.
  EXPECT_EQ(Follow(), 0);
}

}  // namespace
}  // namespace crm::collaboration::testing
