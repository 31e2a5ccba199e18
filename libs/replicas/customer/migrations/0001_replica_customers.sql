-- A service's copy of the customer facts it needs for data scope in SQL and
-- for display, kept by following the customer service's feed
-- (libs/replicas/customer). state: 1 active, 2 deleted, 3 merged (then
-- merged_into is the survivor). version is the customer's own version: a
-- row is only ever replaced by a newer one. account_team holds the org unit
-- names (orgUnits/...) of the customer's account team.
CREATE TABLE {schema}.replica_customers (
  customer_id    uuid        PRIMARY KEY,
  display_name   text        NOT NULL,
  owner_org_unit text        NOT NULL,
  account_team   text[]      NOT NULL DEFAULT '{}',
  state          smallint    NOT NULL CHECK (state IN (1, 2, 3)),
  merged_into    uuid,
  version        bigint      NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX replica_customers_owner ON {schema}.replica_customers (owner_org_unit);
CREATE INDEX replica_customers_account_team ON {schema}.replica_customers USING gin (account_team);
