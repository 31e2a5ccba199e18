-- Contacts at customers. Phone, e-mail and WeChat are personal information:
-- stored sealed (AES-256-GCM, bound to the contact id and field), with a keyed
-- hash for exact lookup and a masked form for callers who may not see them.
CREATE TABLE customer.contacts (
  id            uuid PRIMARY KEY,
  customer_id   uuid        NOT NULL REFERENCES customer.customers (id),
  display_name  text        NOT NULL,
  title         text        NOT NULL DEFAULT '',
  department    text        NOT NULL DEFAULT '',
  decision_role smallint    NOT NULL DEFAULT 0,
  phone_sealed  bytea,
  phone_hash    bytea,
  phone_masked  text        NOT NULL DEFAULT '',
  email_sealed  bytea,
  email_hash    bytea,
  email_masked  text        NOT NULL DEFAULT '',
  wechat_sealed bytea,
  wechat_hash   bytea,
  wechat_masked text        NOT NULL DEFAULT '',
  state         smallint    NOT NULL DEFAULT 1,  -- 1 active, 2 deleted, 3 erased
  version       bigint      NOT NULL DEFAULT 1,
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_customer ON customer.contacts (customer_id, display_name, id);
CREATE INDEX contacts_phone_hash ON customer.contacts (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX contacts_email_hash ON customer.contacts (email_hash) WHERE email_hash IS NOT NULL;
