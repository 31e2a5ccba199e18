-- Contracts and receivables. Kinds, states and step outcomes are stored as
-- the numbers of their crm.contract.v1 enums; money as bigint minor units
-- (fen) beside a currency code, never as a float. Customers are the
-- replica's (replica_customers, libs/replicas): scope is decided there, never
-- by reading the customer schema; customer groups are replica_group_nodes.

-- The contract-number sequence per year: HT-{year}-{number:06}. A number is
-- taken in the creating transaction under this row's lock, so numbers are
-- unique and never reused (a rolled-back creation gives its number back
-- before anyone saw it).
CREATE TABLE contract.contract_numbers (
  year        integer PRIMARY KEY,
  last_number bigint  NOT NULL
);

-- Versions of the approval policy: the newest is in force. rules is
-- [{"role": "legal", "above": {"currency_code": "CNY", "minor_units": "0"}}, ...]
-- (the v1.ApprovalRule messages as proto JSON), in step order.
CREATE TABLE contract.approval_policies (
  version     bigint      PRIMARY KEY,
  rules       jsonb       NOT NULL,
  actor       text        NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
-- DOMAIN.md's defaults: legal always; finance above 1,000,000 CNY; HQ above
-- 10,000,000 CNY.
INSERT INTO contract.approval_policies (version, rules, actor) VALUES (1,
  '[{"role": "legal", "above": {"currency_code": "CNY", "minor_units": "0"}},'
  ' {"role": "finance", "above": {"currency_code": "CNY", "minor_units": "100000000"}},'
  ' {"role": "hq_admin", "above": {"currency_code": "CNY", "minor_units": "1000000000"}}]',
  'system');

CREATE TABLE contract.contracts (
  id                    uuid        PRIMARY KEY,
  contract_number       text        NOT NULL UNIQUE,
  kind                  smallint    NOT NULL CHECK (kind BETWEEN 1 AND 3),
  state                 smallint    NOT NULL CHECK (state BETWEEN 1 AND 8),
  title                 text        NOT NULL,
  customer_id           uuid        NOT NULL,
  -- The customers this contract was moved away from by merges, oldest
  -- first: an unmerge of the last one gives it back (and pops it).
  merged_from           uuid[]      NOT NULL DEFAULT '{}',
  signing_org_unit      text        NOT NULL,
  -- The signing org unit's ancestors, root first, ending with itself (from
  -- the signed principal), so "an org unit's subtree" is one GIN lookup.
  signing_org_unit_path text[]      NOT NULL,
  owner_user            text        NOT NULL,
  currency_code         text        NOT NULL,
  amount_minor          bigint      NOT NULL CHECK (amount_minor > 0),
  signing_date          date,
  start_date            date        NOT NULL,
  end_date              date        NOT NULL,
  payment_terms         text        NOT NULL DEFAULT '',
  opportunity_id        uuid,
  renews_id             uuid        REFERENCES contract.contracts (id),
  framework_id          uuid        REFERENCES contract.contracts (id),
  -- The v1.Attachment messages as proto JSON (proto field names).
  attachments           jsonb       NOT NULL DEFAULT '[]',
  submitter             text        NOT NULL DEFAULT '',
  submit_time           timestamptz,
  termination_reason    text        NOT NULL DEFAULT '',
  -- The end date last announced as CONTRACT_EXPIRING (one reminder per end
  -- date; an extension by a change before signing would announce again).
  expiry_reminded_for   date,
  version               bigint      NOT NULL DEFAULT 1,
  create_time           timestamptz NOT NULL,
  update_time           timestamptz NOT NULL,
  CHECK (end_date >= start_date),
  CHECK (kind = 2 OR framework_id IS NULL)
);
CREATE INDEX contracts_customer ON contract.contracts (customer_id, create_time DESC, id);
CREATE INDEX contracts_signing_org_unit ON contract.contracts (signing_org_unit, create_time DESC, id);
CREATE INDEX contracts_signing_org_unit_path ON contract.contracts USING gin (signing_org_unit_path);
CREATE INDEX contracts_created ON contract.contracts (create_time DESC, id);
-- The executions drawing on a framework (the ceiling sums them).
CREATE INDEX contracts_framework ON contract.contracts (framework_id) WHERE framework_id IS NOT NULL;
CREATE INDEX contracts_renews ON contract.contracts (renews_id) WHERE renews_id IS NOT NULL;
-- The scheduled jobs: signed ones by start date, active ones by end date.
CREATE INDEX contracts_signed_start ON contract.contracts (start_date) WHERE state = 5;
CREATE INDEX contracts_live_end ON contract.contracts (end_date) WHERE state IN (5, 6);
-- The approval inbox: pending ones by submission.
CREATE INDEX contracts_pending ON contract.contracts (submit_time, id) WHERE state = 2;

-- The approval steps of a contract's current submission, fixed when it was
-- submitted (a resubmission replaces them; contract_history keeps every
-- decision).
CREATE TABLE contract.approval_steps (
  contract_id uuid        NOT NULL REFERENCES contract.contracts (id),
  sequence    integer     NOT NULL CHECK (sequence >= 1),
  role        text        NOT NULL,
  outcome     smallint    NOT NULL DEFAULT 0 CHECK (outcome BETWEEN 0 AND 2),
  approver    text        NOT NULL DEFAULT '',
  decide_time timestamptz,
  comment     text        NOT NULL DEFAULT '',
  PRIMARY KEY (contract_id, sequence)
);

-- Every transition and change of a contract: who, when, which method, from
-- which state to which, and the comment (approval, rejection, termination
-- reason, or the fields changed).
CREATE TABLE contract.contract_history (
  id             bigserial   PRIMARY KEY,
  contract_id    uuid        NOT NULL REFERENCES contract.contracts (id),
  actor          text        NOT NULL,
  method         text        NOT NULL,
  change_time    timestamptz NOT NULL,
  previous_state smallint    NOT NULL DEFAULT 0,
  state          smallint    NOT NULL,
  comment        text        NOT NULL DEFAULT ''
);
CREATE INDEX contract_history_contract ON contract.contract_history (contract_id, id);

-- Payment milestones (回款计划). customer_id, signing_org_unit(_path),
-- currency_code and receivable copy the contract's (kept in step by every
-- write of the contract, and by merges) so receivables and aging read this
-- table alone. receivable: the contract is SIGNED, ACTIVE or EXPIRED.
CREATE TABLE contract.payment_milestones (
  contract_id           uuid     NOT NULL REFERENCES contract.contracts (id),
  sequence              integer  NOT NULL CHECK (sequence >= 1),
  due_date              date     NOT NULL,
  amount_minor          bigint   NOT NULL CHECK (amount_minor > 0),
  paid_minor            bigint   NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  outstanding_minor     bigint   GENERATED ALWAYS AS (amount_minor - paid_minor) STORED
                                 CHECK (outstanding_minor >= 0),
  description           text     NOT NULL DEFAULT '',
  customer_id           uuid     NOT NULL,
  signing_org_unit      text     NOT NULL,
  signing_org_unit_path text[]   NOT NULL,
  currency_code         text     NOT NULL,
  receivable            boolean  NOT NULL DEFAULT false,
  -- MILESTONE_OVERDUE was announced (once per milestone).
  overdue_announced     boolean  NOT NULL DEFAULT false,
  PRIMARY KEY (contract_id, sequence)
);
-- Open receivables by customer and by signing org unit (aging reads only
-- these index entries).
CREATE INDEX payment_milestones_open_customer ON contract.payment_milestones
  (customer_id) INCLUDE (due_date, outstanding_minor, currency_code)
  WHERE receivable AND outstanding_minor > 0;
CREATE INDEX payment_milestones_open_org_unit ON contract.payment_milestones
  (signing_org_unit) INCLUDE (due_date, outstanding_minor, currency_code, customer_id)
  WHERE receivable AND outstanding_minor > 0;
CREATE INDEX payment_milestones_open_path ON contract.payment_milestones
  USING gin (signing_org_unit_path) WHERE receivable AND outstanding_minor > 0;
-- The overdue job: open milestones past due, not yet announced.
CREATE INDEX payment_milestones_to_announce ON contract.payment_milestones (due_date)
  WHERE receivable AND outstanding_minor > 0 AND NOT overdue_announced;

-- Receipts (回款记录). A bank reference names one transfer: the same
-- reference twice is the same receipt.
CREATE TABLE contract.receipts (
  id             uuid        PRIMARY KEY,
  contract_id    uuid        NOT NULL REFERENCES contract.contracts (id),
  receive_date   date        NOT NULL,
  currency_code  text        NOT NULL,
  amount_minor   bigint      NOT NULL CHECK (amount_minor > 0),
  bank_reference text        NOT NULL UNIQUE,
  recorder       text        NOT NULL,
  create_time    timestamptz NOT NULL
);
CREATE INDEX receipts_contract ON contract.receipts (contract_id, create_time, id);

-- Which milestones a receipt paid, and how much of each.
CREATE TABLE contract.receipt_allocations (
  receipt_id         uuid    NOT NULL REFERENCES contract.receipts (id),
  contract_id        uuid    NOT NULL,
  milestone_sequence integer NOT NULL,
  amount_minor       bigint  NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (receipt_id, milestone_sequence),
  FOREIGN KEY (contract_id, milestone_sequence)
    REFERENCES contract.payment_milestones (contract_id, sequence)
);
