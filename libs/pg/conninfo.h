#ifndef CRM_LIBS_PG_CONNINFO_H_
#define CRM_LIBS_PG_CONNINFO_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace crm::pg {

// A parsed libpq connection string ("host=... port=..." or a
// postgresql:// URI), so options can be added or replaced without string
// surgery and the server can be named in messages without the password.
class ConnInfo final {
 public:
  // INVALID_ARGUMENT when libpq cannot parse `dsn`. The message never
  // repeats the string, which may hold a password.
  static absl::StatusOr<ConnInfo> Parse(std::string_view dsn);

  // The value of `key`, or "" when unset.
  std::string Get(const std::string& key) const;
  void Set(const std::string& key, std::string value);

  // "host:port" for messages and logs; libpq's defaults (PGHOST/PGPORT,
  // the local socket, 5432) fill what the string leaves out.
  std::string Address() const;

  // A key='value' connection string with values quoted for libpq.
  std::string ToString() const;

 private:
  std::map<std::string, std::string> values_;  // sorted: stable output
};

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_CONNINFO_H_
