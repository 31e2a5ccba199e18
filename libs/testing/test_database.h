#ifndef CRM_LIBS_TESTING_TEST_DATABASE_H_
#define CRM_LIBS_TESTING_TEST_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace crm::testing {

// A fresh, empty PostgreSQL database for one test (or suite), dropped when
// this object is destroyed, so tests never see each other's rows and may run
// in parallel. Created on the server named by CRM_TEST_PG_DSN as
// <prefix>_<pid>_<random> from template0 with UTF8, LC_CTYPE 'C.UTF-8' (so
// pg_trgm handles Chinese) and LC_COLLATE 'C'.
class TestDatabase final {
  // Keeps construction to Create() while allowing std::make_unique.
  struct Token {
    explicit Token() = default;
  };

 public:
  // FAILED_PRECONDITION when CRM_TEST_PG_DSN is unset, UNAVAILABLE naming
  // host:port when the server cannot be reached: tests fail, never skip.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(std::string_view prefix);

  TestDatabase(Token, std::string admin_dsn, std::string name, std::string dsn);
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  // Drops the database, closing connections still open to it.
  ~TestDatabase();

  // A connection string for the new database.
  const std::string& dsn() const { return dsn_; }
  const std::string& name() const { return name_; }

 private:
  const std::string admin_dsn_;  // the server's maintenance database
  const std::string name_;
  const std::string dsn_;
};

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_TEST_DATABASE_H_
