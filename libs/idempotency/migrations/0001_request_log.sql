-- Responses of mutating calls by request id, written in the same transaction
-- as the change, so a retried call returns the first response (request_log.h).
-- IF NOT EXISTS: services created this table in their own migrations before.
CREATE TABLE IF NOT EXISTS {schema}.request_log (
  request_id   text        PRIMARY KEY,
  method       text        NOT NULL,
  actor        text        NOT NULL,
  request_hash text        NOT NULL,
  response     bytea,
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS request_log_create_time ON {schema}.request_log (create_time);
