-- The change feed (outbox): one row per committed change of a customer,
-- written in the changing transaction, read in sequence order by
-- ListCustomerChanges. A sequence number is taken before its transaction
-- commits, so a reader only goes up to rows older than a settling delay
-- (longer than any write transaction), and never skips one that commits
-- late. Rows older than the retention are deleted by the service.
CREATE TABLE customer.changes (
  sequence    bigserial   PRIMARY KEY,
  event_id    uuid        NOT NULL UNIQUE,
  customer_id uuid        NOT NULL,
  type        smallint    NOT NULL,   -- crm.customer.v1.CustomerChange.Type
  version     bigint      NOT NULL,
  time        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX changes_time ON customer.changes (time);
