-- A service's feed (outbox): one row per event, written in the changing
-- transaction, read in sequence order. A sequence number is taken before its
-- transaction commits, so readers serve only rows older than a settling delay
-- (longer than any write transaction) and never skip one that commits late.
-- Rows older than the retention are deleted by the service (Outbox::MaybePrune).
CREATE TABLE {schema}.events (
  sequence bigserial   PRIMARY KEY,
  event_id uuid        NOT NULL UNIQUE,
  type     text        NOT NULL,
  resource text        NOT NULL,
  version  bigint      NOT NULL DEFAULT 0,
  payload  bytea       NOT NULL DEFAULT '',
  time     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX events_time ON {schema}.events (time);
