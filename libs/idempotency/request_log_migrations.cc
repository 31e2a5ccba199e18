#include "libs/idempotency/request_log_migrations.h"

#include "absl/types/span.h"
#include "libs/pg/embedded_file.h"

namespace crm {
// migrations/*.sql, compiled in by crm_embed_files (CMakeLists.txt).
extern const EmbeddedFile kRequestLogMigrations[];
extern const int kRequestLogMigrations_count;
}  // namespace crm

namespace crm::idempotency {

pg::LibraryMigrations RequestLogMigrations() {
  return {"request_log", absl::MakeConstSpan(kRequestLogMigrations, kRequestLogMigrations_count)};
}

}  // namespace crm::idempotency
