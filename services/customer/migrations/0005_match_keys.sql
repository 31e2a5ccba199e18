-- Keys that find duplicate candidates by index: the legal name with width,
-- punctuation and legal form folded (name_key), the same without a leading
-- region (trade_key), a branch's head office (head_key), and the trade key
-- with each one character removed (name_keys), so names one character apart
-- share a key. Written with every change of the legal name; rows from before
-- this migration are filled in by the service at start-up.
ALTER TABLE customer.customers
  ADD COLUMN name_key  text,
  ADD COLUMN trade_key text,
  ADD COLUMN head_key  text;
CREATE INDEX customers_name_key ON customer.customers (name_key) WHERE state = 1;
CREATE INDEX customers_trade_key ON customer.customers (trade_key) WHERE state = 1;
CREATE INDEX customers_head_key ON customer.customers (head_key) WHERE state = 1 AND head_key <> '';
CREATE INDEX customers_unkeyed ON customer.customers (id) WHERE name_key IS NULL;

CREATE TABLE customer.name_keys (
  key         text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customer.customers (id),
  PRIMARY KEY (key, customer_id)
);
CREATE INDEX name_keys_customer ON customer.name_keys (customer_id);
