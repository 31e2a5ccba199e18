// Duplicate matching on names it was not tuned to, through the gRPC API
// against real PostgreSQL: short forms (华信, 上海华信, 华信能源, 中国华信,
// 华信集团) find the company they name, and an ambiguous one shows several
// under the threshold; 市 inside a word is no city; sound-alikes of any
// length; traditional characters; ties broken by region; ranking before the
// candidate cap; branches related to, not duplicates of, their head office,
// in a search and in a scan.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/pg/pool.h"
#include "libs/strings/utf8.h"
#include "services/customer/core/match_keys.h"
#include "services/customer/duplicates/duplicate_finder.h"
#include "services/customer/rules/homophones.h"
#include "services/customer/rules/traditional_chinese.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class DuplicateMatchingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("duplicate_matching");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static v1::Customer Create(const std::string& legal_name, const std::string& region,
                             const std::string& uscc = NewUscc()) {
    v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(uscc);
    request.mutable_customer()->set_industry("D");
    request.mutable_customer()->set_region(region);
    v1::Customer created;
    const grpc::Status status = env_->stub().CreateCustomer(
        env_->As(CustomerTestEnv::Sales("li", "sub-east")).get(), request, &created);
    EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
    return created;
  }

  // Matches of `legal_name` in `region` from `min_score` (0: the default
  // threshold), at most `limit` (0: the default).
  static v1::SearchDuplicatesResponse Search(const std::string& legal_name,
                                             const std::string& region, double min_score = 0,
                                             int limit = 0) {
    v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_region(region);
    request.set_min_score(min_score);
    request.set_max_results(limit);
    v1::SearchDuplicatesResponse response;
    const grpc::Status status = env_->stub().SearchDuplicates(
        env_->As(CustomerTestEnv::Sales("wang", "sub-west")).get(), request, &response);
    EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
    return response;
  }

  // Runs a scan to its end and returns its result.
  static v1::ScanDuplicatesResponse Scan(const std::string& request_id) {
    auto operations = google::longrunning::Operations::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", env_->port()), grpc::InsecureChannelCredentials()));
    v1::ScanDuplicatesRequest request;
    request.set_request_id(request_id);
    google::longrunning::Operation operation;
    EXPECT_TRUE(env_->stub()
                    .ScanDuplicates(env_->As(CustomerTestEnv::Hq()).get(), request, &operation)
                    .ok());
    google::longrunning::GetOperationRequest get;
    get.set_name(operation.name());
    const absl::Time give_up = absl::Now() + absl::Seconds(120);
    while (!operation.done() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(50));
      EXPECT_TRUE(
          operations->GetOperation(env_->As(CustomerTestEnv::Hq()).get(), get, &operation).ok());
    }
    v1::ScanDuplicatesResponse result;
    EXPECT_TRUE(operation.done());
    EXPECT_TRUE(operation.has_response()) << operation.error().message();
    EXPECT_TRUE(operation.response().UnpackTo(&result));
    return result;
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(DuplicateMatchingTest, EachShortFormFindsTheCompanyFirst) {
  const v1::Customer company = Create("上海华信能源有限公司", "310115");
  struct Probe {
    std::string query;
    v1::DuplicateMatch::Reason reason;
  };
  const std::vector<Probe> probes = {
      {"华信能源", v1::DuplicateMatch::SAME_TRADE_NAME},  // 字号 + industry
      {"上海华信", v1::DuplicateMatch::SHORT_FORM},       // region + 字号
      {"华信", v1::DuplicateMatch::SHORT_FORM},           // 字号 alone
      {"中国华信", v1::DuplicateMatch::SHORT_FORM},
      {"华信集团", v1::DuplicateMatch::SHORT_FORM},
  };
  for (const Probe& probe : probes) {
    const v1::SearchDuplicatesResponse found = Search(probe.query, "");
    ASSERT_FALSE(found.matches().empty()) << probe.query;
    EXPECT_EQ(found.matches(0).customer(), company.name()) << probe.query;
    EXPECT_EQ(found.matches(0).reasons(0), probe.reason) << probe.query;
    EXPECT_GE(found.matches(0).score(), 0.75) << probe.query;
    EXPECT_EQ(found.matches(0).relation(), v1::DuplicateMatch::DUPLICATE) << probe.query;
  }
  // A full legal name is not a short form of a longer one.
  EXPECT_THAT(Search("华信有限公司", "310000").matches(), IsEmpty());
}

TEST_F(DuplicateMatchingTest, AnAmbiguousShortFormShowsEachCandidateUnderTheThreshold) {
  const v1::Customer energy = Create("宏图能源有限公司", "110105");
  const v1::Customer logistics = Create("宏图物流有限公司", "440106");
  const v1::SearchDuplicatesResponse found = Search("宏图", "", 0.5);
  ASSERT_THAT(found.matches(), SizeIs(2));
  std::vector<std::string> names;
  for (const v1::DuplicateMatch& match : found.matches()) {
    names.push_back(match.customer());
    EXPECT_LT(match.score(), 0.75);
    EXPECT_EQ(match.reasons(0), v1::DuplicateMatch::SHORT_FORM);
  }
  EXPECT_THAT(names, UnorderedElementsAre(energy.name(), logistics.name()));
  EXPECT_EQ(found.matches(0).score(), found.matches(1).score());
  // Neither is taken for the one at the default threshold.
  EXPECT_THAT(Search("宏图", "").matches(), IsEmpty());
  // A region narrows it to one.
  const v1::SearchDuplicatesResponse in_beijing = Search("宏图", "110000");
  ASSERT_THAT(in_beijing.matches(), SizeIs(1));
  EXPECT_EQ(in_beijing.matches(0).customer(), energy.name());
  EXPECT_GE(in_beijing.matches(0).score(), 0.75);
}

TEST_F(DuplicateMatchingTest, ACityCharacterInsideAWordIsNoCity) {
  // 市政 is municipal, 超市 a supermarket: both stay in the trade name.
  const v1::Customer works = Create("哲祥市政工程（深圳）有限公司", "440300");
  const v1::SearchDuplicatesResponse found = Search("深圳哲祥市政工程有限公司", "440300");
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).customer(), works.name());
  EXPECT_EQ(found.matches(0).reasons(0), v1::DuplicateMatch::SAME_TRADE_NAME);
  // Another municipal-works company is another company (a parser that took
  // 哲祥市 for a city keyed both as 政工程).
  EXPECT_THAT(Search("昌盛市政工程（深圳）有限公司", "440300").matches(), IsEmpty());

  const v1::Customer supermarket = Create("海帆超市政工程有限公司", "440300");
  const v1::SearchDuplicatesResponse by_form = Search("海帆超市政工程股份有限公司", "440300");
  ASSERT_FALSE(by_form.matches().empty());
  EXPECT_EQ(by_form.matches(0).customer(), supermarket.name());
  EXPECT_EQ(by_form.matches(0).reasons(0), v1::DuplicateMatch::SAME_NAME);
}

TEST_F(DuplicateMatchingTest, ACityAndShiThatReadTwoWaysAreFoundEitherWay) {
  // 杭州市政诺方: 杭州 + 市政诺方, or 杭州市 + 政诺方 (a 字号 beginning with 政).
  const v1::Customer company = Create("杭州市政诺方食品集团有限公司", "330100");
  for (const std::string query : {"杭州政诺方食品有限公司", "杭州市正诺方食品有限公司"}) {
    const v1::SearchDuplicatesResponse found = Search(query, "330100");
    ASSERT_FALSE(found.matches().empty()) << query;
    EXPECT_EQ(found.matches(0).customer(), company.name()) << query;
  }
  // A short form is looked up by the trade key's prefix, which holds the
  // reading taken: 市政诺方 finds it, 政诺方 alone does not (yet).
  const v1::SearchDuplicatesResponse short_form = Search("杭州市政诺方", "330100");
  ASSERT_FALSE(short_form.matches().empty());
  EXPECT_EQ(short_form.matches(0).customer(), company.name());
  EXPECT_EQ(short_form.matches(0).reasons(0), v1::DuplicateMatch::SHORT_FORM);
}

TEST_F(DuplicateMatchingTest, SoundAlikesOfAnyLengthInTheSameCity) {
  struct Pair {
    std::string stored, searched, region;
  };
  const std::vector<Pair> pairs = {
      {"柳太科技有限公司", "柳钛科技有限公司", "450200"},                  // 太/钛 tai
      {"邕泰有限公司", "邕钛有限公司", "450100"},                          // two characters
      {"杭州皇都装饰有限公司", "杭州黄都装饰有限公司", "330100"},          // 皇/黄 huang
      {"苏州易达精密机械有限公司", "苏州祎达精密机械有限公司", "320500"},  // 易/祎 yi
  };
  for (const Pair& pair : pairs) {
    const v1::Customer stored = Create(pair.stored, pair.region);
    const v1::SearchDuplicatesResponse found = Search(pair.searched, pair.region);
    ASSERT_FALSE(found.matches().empty()) << pair.searched;
    EXPECT_EQ(found.matches(0).customer(), stored.name()) << pair.searched;
    EXPECT_EQ(found.matches(0).reasons(0), v1::DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION)
        << pair.searched;
    EXPECT_GE(found.matches(0).score(), 0.75) << pair.searched;
  }
  // Two characters, one of them sounding otherwise (铁 tie): another name.
  EXPECT_THAT(Search("邕铁有限公司", "450100", 0.5).matches(), IsEmpty());
}

TEST_F(DuplicateMatchingTest, TraditionalCharactersFindTheSimplifiedName) {
  const v1::Customer company = Create("伟业物流有限公司", "440300");
  const v1::SearchDuplicatesResponse found = Search("偉業物流有限公司", "440300");
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).customer(), company.name());
  EXPECT_EQ(found.matches(0).reasons(0), v1::DuplicateMatch::SAME_NAME);
  // And the other way round: a stored traditional name is keyed simplified.
  const v1::Customer stored = Create("東華電氣有限公司", "440300");
  const v1::SearchDuplicatesResponse back = Search("东华电气有限公司", "440300");
  ASSERT_FALSE(back.matches().empty());
  EXPECT_EQ(back.matches(0).customer(), stored.name());
}

TEST_F(DuplicateMatchingTest, ATieAtOneScoreIsBrokenByTheNearerRegion) {
  const v1::Customer province = Create("浙江恒通运输有限公司", "330000");
  const v1::Customer city = Create("杭州恒通运输有限公司", "330100");
  // Both have the trade name of each query: one score, two places.
  const v1::SearchDuplicatesResponse in_city = Search("恒通运输有限公司", "330106");
  ASSERT_THAT(in_city.matches(), SizeIs(2));
  EXPECT_EQ(in_city.matches(0).score(), in_city.matches(1).score());
  EXPECT_EQ(in_city.matches(0).customer(), city.name());
  const v1::SearchDuplicatesResponse in_province = Search("恒通运输有限公司", "330000");
  ASSERT_THAT(in_province.matches(), SizeIs(2));
  EXPECT_EQ(in_province.matches(0).customer(), province.name());
}

TEST_F(DuplicateMatchingTest, CandidatesAreRankedBeforeTheCap) {
  // 600 companies one character from the query (鹏X市政工程), none sounding
  // like it, and the true match, which differs by a homophone (祥/翔 xiang):
  // all share a one-edit key, more than the search reads.
  constexpr int kNeighbours = 600;
  int created = 0;
  for (char32_t c = 0x4E00; created < kNeighbours && c < 0x9FFF; ++c) {
    std::string character;
    AppendUtf8(c, &character);
    if (c == U'祥' || c == U'翔' || SoundAlike(c, U'翔') ||
        ToSimplifiedChinese(character) != character) {
      continue;
    }
    Create(absl::StrCat("深圳鹏", character, "市政工程有限公司"), "440300");
    ++created;
  }
  ASSERT_EQ(created, kNeighbours);
  const v1::Customer match = Create("深圳鹏祥市政工程有限公司", "440300");
  const v1::SearchDuplicatesResponse found = Search("深圳鹏翔市政工程有限公司", "440300", 0.5, 5);
  ASSERT_THAT(found.matches(), SizeIs(5));
  EXPECT_EQ(found.matches(0).customer(), match.name());
  EXPECT_GE(found.matches(0).score(), 0.75);
  EXPECT_LT(found.matches(1).score(), 0.75);  // unlike-sounding neighbours
}

TEST_F(DuplicateMatchingTest, ABranchFindsItsHeadOfficeAsARelationNotADuplicate) {
  const v1::Customer head = Create("荆州长湖水产有限公司", "421000");
  const v1::SearchDuplicatesResponse found =
      Search("荆州长湖水产有限公司沙市分公司", "421002", 0.5);
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).customer(), head.name());
  EXPECT_EQ(found.matches(0).relation(), v1::DuplicateMatch::HEAD_OFFICE);
  EXPECT_EQ(found.matches(0).reasons(0), v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY);
  EXPECT_DOUBLE_EQ(found.matches(0).score(), 0.60);
  // Not a duplicate: nothing at the default threshold.
  EXPECT_THAT(Search("荆州长湖水产有限公司沙市分公司", "421002").matches(), IsEmpty());
  // From the head office, the branch is its branch.
  const v1::Customer branch = Create("荆州长湖水产有限公司沙市分公司", "421002");
  const v1::SearchDuplicatesResponse from_head = Search("荆州长湖水产有限公司", "421000", 0.5);
  bool seen = false;
  for (const v1::DuplicateMatch& match : from_head.matches()) {
    if (match.customer() != branch.name()) continue;
    seen = true;
    EXPECT_EQ(match.relation(), v1::DuplicateMatch::BRANCH);
  }
  EXPECT_TRUE(seen);
}

TEST_F(DuplicateMatchingTest, AScanPlacesBranchesBesideTheirHeadOfficeNotInGroups) {
  const v1::Customer head = Create("襄阳汉江重工机械有限公司", "420600");
  const v1::Customer wuhan = Create("襄阳汉江重工机械有限公司武汉分公司", "420100");
  const v1::Customer yichang = Create("襄阳汉江重工机械有限公司宜昌分公司", "420500");
  const v1::Customer original = Create("襄阳楚天纺织有限公司", "420600");
  const v1::Customer duplicate = Create("楚天纺织股份有限公司", "420600", "");

  const absl::Time start = absl::Now();
  const v1::ScanDuplicatesResponse result = Scan("scan-branches-1");
  std::cerr << "scan of " << env_->QueryValue("SELECT count(*) FROM customer.customers")
            << " customers: " << absl::Now() - start << "\n";

  std::vector<std::pair<std::string, std::string>> placed;
  for (const v1::BranchPlacement& placement : result.branch_placements()) {
    placed.emplace_back(placement.branch(), placement.head_office());
    if (placement.head_office() == head.name()) {
      EXPECT_EQ(placement.head_office_legal_name(), "襄阳汉江重工机械有限公司");
      EXPECT_LT(placement.score(), 0.75);
      EXPECT_GT(placement.score(), 0);
    }
  }
  EXPECT_THAT(placed, ::testing::IsSupersetOf({std::pair(wuhan.name(), head.name()),
                                               std::pair(yichang.name(), head.name())}));
  // Two branches of one head office are not placed beside each other.
  for (const auto& [branch, head_office] : placed) {
    EXPECT_NE(head_office, wuhan.name());
    EXPECT_NE(head_office, yichang.name());
  }
  EXPECT_GE(result.total_branch_placements(), 2);
  // The duplicate queue holds duplicates only.
  bool grouped = false;
  for (const v1::DuplicateGroup& group : result.groups()) {
    for (const std::string& member : group.customers()) {
      EXPECT_NE(member, head.name());
      EXPECT_NE(member, wuhan.name());
      EXPECT_NE(member, yichang.name());
    }
    for (const int reason : group.reasons()) {
      EXPECT_NE(reason, v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY);
    }
    if (std::find(group.customers().begin(), group.customers().end(), original.name()) !=
        group.customers().end()) {
      grouped = true;
      EXPECT_THAT(group.customers(), UnorderedElementsAre(original.name(), duplicate.name()));
    }
  }
  EXPECT_TRUE(grouped);
}

TEST_F(DuplicateMatchingTest, RowsKeyedByOlderRulesAreKeyedAgainAtStartUp) {
  // As migration 0013 leaves a row: the keys of older rules, no sound key.
  const v1::Customer stored = Create("韶關市華僑實業有限公司", "440200");
  const std::string id = stored.name().substr(stored.name().find('/') + 1);
  env_->QueryValue(absl::StrCat(
      "UPDATE customer.customers SET name_key = NULL, trade_key = '华侨实', sound_key = NULL"
      " WHERE id = '",
      id, "' RETURNING id"));
  env_->QueryValue(
      absl::StrCat("DELETE FROM customer.name_keys WHERE customer_id = '", id, "' RETURNING key"));

  pg::PoolOptions options;
  options.dsn = env_->dsn();
  options.size = 1;
  options.statements = DuplicateFinder::Statements();
  for (pg::PreparedStatement& statement : MatchKeysStatements()) {
    options.statements.push_back(std::move(statement));
  }
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::ConnectionPool::Create(std::move(options));
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(DuplicateFinder(**pool).Backfill().ok());

  const std::string where = absl::StrCat(" FROM customer.customers WHERE id = '", id, "'");
  EXPECT_EQ(env_->QueryValue(absl::StrCat("SELECT name_key", where)), "韶关市华侨实业");
  EXPECT_EQ(env_->QueryValue(absl::StrCat("SELECT trade_key", where)), "华侨实业");
  EXPECT_EQ(env_->QueryValue(absl::StrCat("SELECT sound_key", where)), "hua.qiao.shi.ye.");
  EXPECT_NE(env_->QueryValue(absl::StrCat(
                "SELECT count(*) FROM customer.name_keys WHERE customer_id = '", id, "'")),
            "0");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM customer.customers WHERE name_key IS NULL"),
            "0");
  // Found again by its sound: 侨/桥 qiao.
  const v1::SearchDuplicatesResponse found = Search("韶关华桥实业有限公司", "440200");
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).customer(), stored.name());
}

}  // namespace
}  // namespace crm::customer
