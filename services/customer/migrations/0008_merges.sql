-- Merges (golden-record consolidation). A merged customer keeps its row with
-- state 3 and a pointer to its survivor; the merge keeps what an unmerge
-- needs to restore it exactly: the merged record and the survivor as they
-- were before, the survivor just after (to tell later edits from what the
-- merge wrote), the fields the merged record won and the contacts it brought.
ALTER TABLE customer.customers ADD COLUMN merged_into uuid;
ALTER TABLE customer.changes ADD COLUMN merged_into uuid;

CREATE TABLE customer.merges (
  id              bigserial   PRIMARY KEY,
  survivor_id     uuid        NOT NULL,
  merged_id       uuid        NOT NULL,
  merged_before   bytea       NOT NULL,   -- crm.customer.v1.Customer
  survivor_before bytea       NOT NULL,   -- crm.customer.v1.Customer
  survivor_after  bytea       NOT NULL,   -- crm.customer.v1.Customer
  fields_won      text[]      NOT NULL,
  contact_ids     uuid[]      NOT NULL,
  actor           text        NOT NULL,
  request_id      text        NOT NULL DEFAULT '',
  merge_time      timestamptz NOT NULL DEFAULT now(),
  unmerge_time    timestamptz
);
-- A customer is merged at most once at a time.
CREATE UNIQUE INDEX merges_open ON customer.merges (merged_id) WHERE unmerge_time IS NULL;
CREATE INDEX merges_survivor ON customer.merges (survivor_id);
