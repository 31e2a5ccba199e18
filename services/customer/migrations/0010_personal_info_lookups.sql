-- Every lookup by personal data (SearchDuplicates with contact phones or
-- e-mails), matched or not, beside the reads of unmasked values: who asked,
-- the keyed hashes of what they asked for (never the values), and which
-- contacts matched and were shown to them.
CREATE TABLE customer.personal_info_lookups (
  id               bigserial   PRIMARY KEY,
  actor            text        NOT NULL,
  actor_org_unit   text        NOT NULL,
  method           text        NOT NULL,
  request_id       text        NOT NULL DEFAULT '',
  value_hashes     bytea[]     NOT NULL,
  matched_contacts uuid[]      NOT NULL DEFAULT '{}',
  time             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personal_info_lookups_actor ON customer.personal_info_lookups (actor, id);
