-- Long-running operations of the customer service (AIP-151), e.g. duplicate
-- scans: their progress, outcome and cancel requests. Messages are stored
-- serialized, as the API returns them.
CREATE TABLE customer.operations (
  id               uuid        PRIMARY KEY,
  kind             text        NOT NULL,            -- "duplicate-scan"
  actor            text        NOT NULL,
  done             boolean     NOT NULL DEFAULT false,
  cancel_requested boolean     NOT NULL DEFAULT false,
  metadata         bytea       NOT NULL,
  response         bytea,                           -- when done without error
  error            bytea,                           -- google.rpc.Status, when failed
  create_time      timestamptz NOT NULL DEFAULT now(),
  update_time      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operations_newest ON customer.operations (create_time DESC, id);
