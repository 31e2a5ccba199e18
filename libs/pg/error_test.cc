#include "libs/pg/error.h"

#include <stdexcept>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "pqxx/except"

namespace crm::pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kQuery[] = "SELECT secret_column FROM customer.customers";

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(ToStatusTest, MapsBySqlState) {
  struct Case {
    const char* sqlstate;
    absl::StatusCode code;
    const char* reason;
  };
  for (const Case& c : {
           Case{"23505", absl::StatusCode::kAlreadyExists, "DB_UNIQUE_VIOLATION"},
           Case{"40001", absl::StatusCode::kAborted, "DB_CONFLICT"},
           Case{"40P01", absl::StatusCode::kAborted, "DB_CONFLICT"},
           Case{"57014", absl::StatusCode::kDeadlineExceeded, "DB_TIMEOUT"},
           Case{"55P03", absl::StatusCode::kDeadlineExceeded, "DB_TIMEOUT"},
           Case{"57P01", absl::StatusCode::kUnavailable, "DB_UNAVAILABLE"},
           Case{"08006", absl::StatusCode::kUnavailable, "DB_UNAVAILABLE"},
           Case{"42601", absl::StatusCode::kInternal, "DB_ERROR"},
           Case{"23503", absl::StatusCode::kInternal, "DB_ERROR"},
       }) {
    const pqxx::sql_error error("ERROR:  details of the server", kQuery, c.sqlstate);
    const absl::Status status = ToStatus(error, "test.op");
    EXPECT_EQ(status.code(), c.code) << c.sqlstate;
    EXPECT_EQ(Reason(status), c.reason) << c.sqlstate;
    std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->domain(), "db.crm");
    EXPECT_EQ(info->metadata().at("sqlstate"), c.sqlstate);
    EXPECT_EQ(info->metadata().at("operation"), "test.op");
  }
}

TEST(ToStatusTest, MapsByExceptionType) {
  EXPECT_EQ(ToStatus(pqxx::broken_connection("gone"), "op").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ToStatus(pqxx::in_doubt_error("?"), "op").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ToStatus(pqxx::serialization_failure("x"), "op").code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ToStatus(pqxx::deadlock_detected("x"), "op").code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ToStatus(pqxx::unique_violation("x", kQuery, "23505"), "op").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ToStatus(pqxx::conversion_error("x"), "op").code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ToStatus(std::runtime_error("x"), "op").code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Reason(ToStatus(std::runtime_error("x"), "op")), "DB_ERROR");
}

TEST(ToStatusTest, MessageHasNoSqlOrServerText) {
  const pqxx::syntax_error error("ERROR:  syntax error at or near \"SELEC\"", kQuery, "42601");
  const absl::Status status = ToStatus(error, "test.op");
  EXPECT_THAT(status.message(), Not(HasSubstr("SELECT")));
  EXPECT_THAT(status.message(), Not(HasSubstr("secret_column")));
  EXPECT_THAT(status.message(), Not(HasSubstr("syntax")));
}

TEST(ClassifyTest, ConnectionLossAndRetries) {
  EXPECT_TRUE(IsConnectionLost(pqxx::broken_connection("gone")));
  EXPECT_TRUE(IsConnectionLost(pqxx::in_doubt_error("?")));
  EXPECT_TRUE(IsConnectionLost(pqxx::sql_error("x", "", "57P01")));
  EXPECT_FALSE(IsConnectionLost(pqxx::sql_error("x", "", "23505")));

  EXPECT_TRUE(IsRetryable(pqxx::serialization_failure("x")));
  EXPECT_TRUE(IsRetryable(pqxx::sql_error("x", "", "40P01")));
  EXPECT_TRUE(IsRetryable(pqxx::broken_connection("gone")));
  // The commit may have happened: running the work again could repeat it.
  EXPECT_FALSE(IsRetryable(pqxx::in_doubt_error("?")));
  EXPECT_FALSE(IsRetryable(pqxx::sql_error("x", "", "23505")));
}

TEST(SqlStateTest, ReadsTheCode) {
  EXPECT_EQ(SqlState(pqxx::sql_error("x", "", "42P01")), "42P01");
  EXPECT_EQ(SqlState(std::runtime_error("x")), "");
}

}  // namespace
}  // namespace crm::pg
