#include "libs/pg/schema_statement.h"

#include <string>

#include "absl/base/const_init.h"
#include "absl/container/node_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"

namespace crm::pg {
namespace {

std::string_view Interned(std::string text) {
  ABSL_CONST_INIT static absl::Mutex mu(absl::kConstInit);
  static absl::node_hash_set<std::string> texts;  // node-based: stable addresses
  absl::MutexLock lock(&mu);
  return *texts.insert(std::move(text)).first;
}

absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace

PreparedStatement SchemaStatement(std::string_view schema, std::string_view name,
                                  std::string_view sql) {
  return {Interned(absl::StrCat(ToAbsl(schema), ".", ToAbsl(name))),
          Interned(absl::StrReplaceAll(ToAbsl(sql), {{"{schema}", ToAbsl(schema)}}))};
}

}  // namespace crm::pg
