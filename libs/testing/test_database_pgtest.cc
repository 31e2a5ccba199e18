#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "libs/testing/test_database.h"
#include "pqxx/connection"
#include "pqxx/nontransaction"

namespace crm::testing {
namespace {

std::string Scalar(const std::string& dsn, const std::string& sql) {
  pqxx::connection conn(dsn);
  pqxx::nontransaction tx(conn);
  const pqxx::result rows = tx.exec(sql);
  return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].c_str();
}

// pg_trgm makes trigrams only of characters the database's LC_CTYPE calls
// letters; under C or POSIX every Chinese name has none and a similarity
// search finds nothing. Checked on the server's own database (made by
// deploy/local/servers.sh) and on a per-test database.
void ExpectChineseTrigrams(const std::string& dsn) {
  Scalar(dsn, "CREATE EXTENSION IF NOT EXISTS pg_trgm");
  EXPECT_EQ(Scalar(dsn, "SELECT current_setting('server_encoding')"), "UTF8");
  EXPECT_NE(Scalar(dsn, "SELECT array_length(show_trgm('华信能源'), 1)"), "")
      << "no trigrams for Chinese text: LC_CTYPE is "
      << Scalar(dsn, "SELECT datctype FROM pg_database WHERE datname = current_database()");
  EXPECT_EQ(Scalar(dsn, "SELECT word_similarity('华信能源', '上海华信能源有限公司') > 0.3"), "t");
  EXPECT_EQ(Scalar(dsn, "SELECT similarity('上海华信能源有限公司', '北京远大科技') = 0"), "t");
}

TEST(TestDatabaseTest, ServerDatabaseMakesTrigramsOfChinese) {
  const char* dsn = std::getenv("CRM_TEST_PG_DSN");
  ASSERT_NE(dsn, nullptr) << "CRM_TEST_PG_DSN is not set";
  ExpectChineseTrigrams(dsn);
}

TEST(TestDatabaseTest, FreshDatabaseMakesTrigramsOfChineseAndIsDroppedAfterwards) {
  std::string name;
  {
    absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create("trgm");
    ASSERT_TRUE(db.ok()) << db.status();
    name = (*db)->name();
    ExpectChineseTrigrams((*db)->dsn());
  }
  EXPECT_EQ(Scalar(std::getenv("CRM_TEST_PG_DSN"),
                   "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"),
            "0");
}

}  // namespace
}  // namespace crm::testing
