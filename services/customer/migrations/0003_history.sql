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

-- Responses of mutating calls by request id, written in the same transaction
-- as the change, so a retried call returns the first response.
CREATE TABLE customer.request_log (
  request_id   text        PRIMARY KEY,
  method       text        NOT NULL,
  actor        text        NOT NULL,
  request_hash text        NOT NULL,
  response     bytea,
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_log_create_time ON customer.request_log (create_time);
