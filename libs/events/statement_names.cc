#include "libs/events/statement_names.h"

#include <string>

#include "absl/base/const_init.h"
#include "absl/container/node_hash_set.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"

namespace crm::events {

std::string_view Interned(std::string_view text) {
  ABSL_CONST_INIT static absl::Mutex mu(absl::kConstInit);
  static absl::node_hash_set<std::string> texts;  // node-based: stable addresses
  absl::MutexLock lock(&mu);
  return *texts.emplace(text).first;
}

std::string_view WithSchema(std::string_view sql, std::string_view schema) {
  return Interned(
      absl::StrReplaceAll(absl::string_view(sql.data(), sql.size()),
                          {{"{schema}", absl::string_view(schema.data(), schema.size())}}));
}

}  // namespace crm::events
