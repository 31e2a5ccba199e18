-- Periodic jobs of a service (job_scheduler.h): per job, when it is next due
-- and how its runs went. A run's effects and its row update commit in one
-- transaction, so a period's work is done exactly once across replicas and
-- restarts. last_error is '' after a successful run.
CREATE TABLE {schema}.scheduled_jobs (
  name          text        PRIMARY KEY,
  next_run_time timestamptz NOT NULL,
  last_run_time timestamptz,
  last_error    text        NOT NULL DEFAULT '',
  runs          bigint      NOT NULL DEFAULT 0
);
