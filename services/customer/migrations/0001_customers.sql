-- Golden customer records, their source-system references and account teams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customer.customers (
  id                uuid PRIMARY KEY,
  display_name      text        NOT NULL,
  legal_name        text        NOT NULL,
  short_name        text        NOT NULL DEFAULT '',
  uscc              text,                              -- NULL when not known
  industry          text        NOT NULL DEFAULT '',   -- GB/T 4754 section
  region            text        NOT NULL DEFAULT '',   -- GB/T 2260 code
  ownership_type    smallint    NOT NULL DEFAULT 0,
  size_band         smallint    NOT NULL DEFAULT 0,
  state             smallint    NOT NULL DEFAULT 1,    -- 1 active, 2 deleted
  owner_org_unit    text        NOT NULL,
  tags              text[]      NOT NULL DEFAULT '{}',
  data_completeness smallint    NOT NULL DEFAULT 0,
  version           bigint      NOT NULL DEFAULT 1,    -- behind the etag
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  delete_time       timestamptz
);

-- One live customer per USCC; a deleted one may share it until undeleted.
CREATE UNIQUE INDEX customers_uscc_live
  ON customer.customers (uscc) WHERE state = 1 AND uscc IS NOT NULL;
CREATE INDEX customers_owner ON customer.customers (owner_org_unit);
CREATE INDEX customers_display_name ON customer.customers (display_name, id);
CREATE INDEX customers_update_time ON customer.customers (update_time, id);
CREATE INDEX customers_region ON customer.customers (region text_pattern_ops);
CREATE INDEX customers_tags ON customer.customers USING gin (tags);
CREATE INDEX customers_names_trgm ON customer.customers
  USING gin ((display_name || ' ' || legal_name || ' ' || short_name) gin_trgm_ops);

-- A source system's id for a customer; unique across all customers so an
-- ERP id can never point at two golden records.
CREATE TABLE customer.external_references (
  source_system text NOT NULL,
  source_id     text NOT NULL,
  customer_id   uuid NOT NULL REFERENCES customer.customers (id),
  PRIMARY KEY (source_system, source_id)
);
CREATE INDEX external_references_customer ON customer.external_references (customer_id);

-- Org units (and optionally one user in each) that serve a customer besides
-- its owner; they share the owner's data scope for this customer.
CREATE TABLE customer.account_team (
  customer_id uuid NOT NULL REFERENCES customer.customers (id),
  org_unit    text NOT NULL,
  user_name   text NOT NULL DEFAULT '',
  role        text NOT NULL,
  PRIMARY KEY (customer_id, org_unit, user_name)
);
CREATE INDEX account_team_org_unit ON customer.account_team (org_unit, customer_id);
