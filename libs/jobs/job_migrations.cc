#include "libs/jobs/job_migrations.h"

#include "absl/types/span.h"
#include "libs/pg/embedded_file.h"

namespace crm {
// migrations/*.sql, compiled in by crm_embed_files (CMakeLists.txt).
extern const EmbeddedFile kScheduledJobMigrations[];
extern const int kScheduledJobMigrations_count;
}  // namespace crm

namespace crm::jobs {

pg::LibraryMigrations JobMigrations() {
  return {.library = "scheduled_jobs",
          .files = absl::MakeConstSpan(kScheduledJobMigrations, kScheduledJobMigrations_count)};
}

}  // namespace crm::jobs
