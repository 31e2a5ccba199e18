#include "libs/testing/test_database.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/log/log.h"
#include "libs/pg/conninfo.h"
#include "libs/pg/error.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/connection"
#include "pqxx/nontransaction"

namespace crm::testing {
namespace {

constexpr char kDsnVariable[] = "CRM_TEST_PG_DSN";
constexpr char kDomain[] = "testing.crm";
constexpr size_t kMaxPrefixLength = 40;  // leaves room for _<pid>_<random>
constexpr char kDefaultConnectTimeoutSeconds[] = "5";

// Lower-case letters, digits and '_' only, so the name needs no escaping.
std::string DatabaseName(std::string_view prefix) {
  std::string clean;
  for (char c : prefix.substr(0, kMaxPrefixLength)) {
    clean += absl::ascii_isalnum(static_cast<unsigned char>(c))
                 ? absl::ascii_tolower(static_cast<unsigned char>(c))
                 : '_';
  }
  if (clean.empty() || absl::ascii_isdigit(static_cast<unsigned char>(clean[0]))) {
    clean = "t" + clean;  // not insert(0, ...): GCC 12 warns falsely (-Wrestrict)
  }
  thread_local absl::BitGen random;
  return absl::StrFormat("%s_%d_%08x", clean, getpid(), absl::Uniform<uint32_t>(random));
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(std::string_view prefix) {
  const char* admin = std::getenv(kDsnVariable);
  if (admin == nullptr || *admin == '\0') {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "TEST_PG_DSN_UNSET",
                         "CRM_TEST_PG_DSN is not set; run the test through ctest or export "
                         "CRM_TEST_PG_DSN=\"host=127.0.0.1 port=25432 user=crm dbname=crm\" "
                         "after `bash deploy/local/servers.sh start test`");
  }
  absl::StatusOr<pg::ConnInfo> info = pg::ConnInfo::Parse(admin);
  if (!info.ok()) return info.status();
  if (info->Get("connect_timeout").empty()) {
    info->Set("connect_timeout", kDefaultConnectTimeoutSeconds);
  }
  const std::string admin_dsn = info->ToString();
  const std::string name = DatabaseName(prefix);
  try {
    pqxx::connection conn(admin_dsn);
    pqxx::nontransaction tx(conn);
    tx.exec0(crm::StrCat("CREATE DATABASE \"", name,
                         "\" TEMPLATE template0 ENCODING 'UTF8' "
                         "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C'"));
  } catch (const pqxx::broken_connection& e) {
    log::Error("cannot reach the test PostgreSQL",
               {{"address", info->Address()}, {"error", e.what()}});
    return status::Error(absl::StatusCode::kUnavailable, kDomain, "TEST_PG_UNREACHABLE",
                         crm::StrCat("cannot connect to the test PostgreSQL at ", info->Address(),
                                     "; start it with `bash deploy/local/servers.sh start test`"),
                         {{"address", info->Address()}});
  } catch (const std::exception& e) {
    return pg::ToStatus(e, crm::StrCat("create test database ", name));
  }
  info->Set("dbname", name);
  return std::make_unique<TestDatabase>(Token{}, admin_dsn, name, info->ToString());
}

TestDatabase::TestDatabase(Token, std::string admin_dsn, std::string name, std::string dsn)
    : admin_dsn_(std::move(admin_dsn)), name_(std::move(name)), dsn_(std::move(dsn)) {}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection conn(admin_dsn_);
    pqxx::nontransaction tx(conn);
    tx.exec0(crm::StrCat("DROP DATABASE IF EXISTS \"", name_, "\" WITH (FORCE)"));
  } catch (const std::exception& e) {
    log::Warn("cannot drop test database", {{"database", name_}, {"error", e.what()}});
  }
}

}  // namespace crm::testing
