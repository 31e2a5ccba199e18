#ifndef CRM_LIBS_JOBS_JOB_MIGRATIONS_H_
#define CRM_LIBS_JOBS_JOB_MIGRATIONS_H_

#include "libs/pg/migrate.h"

namespace crm::jobs {

// <schema>.scheduled_jobs, defined once (libs/jobs/migrations/) and applied
// to a service's own schema by pg::Migrate / OpenServiceDatabase beside the
// service's files, for a JobScheduler on that schema.
pg::LibraryMigrations JobMigrations();

}  // namespace crm::jobs

#endif  // CRM_LIBS_JOBS_JOB_MIGRATIONS_H_
