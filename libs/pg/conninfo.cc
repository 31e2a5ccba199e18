#include "libs/pg/conninfo.h"

#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libpq-fe.h"
#include "libs/pg/error.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::pg {
namespace {

struct ConnInfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
struct ErrorMessageDeleter {
  void operator()(char* message) const { PQfreemem(message); }
};

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

absl::StatusOr<ConnInfo> ConnInfo::Parse(std::string_view dsn) {
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, ConnInfoOptionsDeleter> options(
      PQconninfoParse(std::string(dsn).c_str(), &raw_error));
  // The parser's message may quote the string, password included: drop it.
  std::unique_ptr<char, ErrorMessageDeleter> error(raw_error);
  if (options == nullptr) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_DSN",
                         "invalid PostgreSQL connection string; expected "
                         "\"host=... port=... dbname=...\" or a postgresql:// URI");
  }
  ConnInfo info;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) info.values_[option->keyword] = option->val;
  }
  return info;
}

std::string ConnInfo::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? "" : it->second;
}

void ConnInfo::Set(const std::string& key, std::string value) { values_[key] = std::move(value); }

std::string ConnInfo::Address() const {
  std::string host = Get("host");
  if (host.empty()) host = Get("hostaddr");
  if (host.empty()) host = EnvOr("PGHOST", "local socket");
  std::string port = Get("port");
  if (port.empty()) port = EnvOr("PGPORT", "5432");
  return crm::StrCat(host, ":", port);
}

std::string ConnInfo::ToString() const {
  std::string out;
  for (const auto& [key, value] : values_) {
    if (!out.empty()) out += ' ';
    crm::StrAppend(&out, key, "='");
    for (char c : value) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    out += '\'';
  }
  return out;
}

}  // namespace crm::pg
