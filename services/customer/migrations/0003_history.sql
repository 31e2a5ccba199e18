-- customer.request_log, once created here, comes from libs/idempotency's own
-- migrations (IF NOT EXISTS), so a database that applied this file before keeps
-- its table and accepts the edit:
-- replaces checksum 1be5917f30be5cbe70c8fae247d33b18cf047a86f081f64bf093b56a1f5b4ff9

-- Audit history: one row per changed field. Personal information appears
-- only masked, and is scrubbed when a contact is erased.
CREATE TABLE customer.history (
  id             bigserial   PRIMARY KEY,
  customer_id    uuid        NOT NULL,
  resource       text        NOT NULL,
  actor          text        NOT NULL,
  actor_org_unit text        NOT NULL,
  method         text        NOT NULL,
  field          text        NOT NULL,
  old_value      text        NOT NULL DEFAULT '',
  new_value      text        NOT NULL DEFAULT '',
  request_id     text        NOT NULL DEFAULT '',
  time           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX history_customer ON customer.history (customer_id, id DESC);

-- Every read of unmasked personal information (PIPL accountability).
CREATE TABLE customer.personal_info_reads (
  id             bigserial   PRIMARY KEY,
  contact_id     uuid        NOT NULL,
  actor          text        NOT NULL,
  actor_org_unit text        NOT NULL,
  method         text        NOT NULL,
  request_id     text        NOT NULL DEFAULT '',
  time           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personal_info_reads_contact ON customer.personal_info_reads (contact_id, id);
