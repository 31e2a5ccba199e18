-- Collaboration requests and attribution. Steps, urgencies, states and roles
-- are stored as the numbers of their crm.collaboration.v1 enums; money as
-- bigint minor units (fen) beside a currency code, never as a float.
-- Customers are the replica's (replica_customers, libs/replicas): scope is
-- decided there and by the org-unit columns here, never by reading another
-- service's schema; customer groups are replica_group_nodes.

-- Versions of the SLA policy: the newest is in force. rules is
-- [{"urgency": "CRITICAL", "response_hours": 2, "step_working_days": 1}, ...]
-- (the v1.SlaRule messages as proto JSON), one per urgency.
CREATE TABLE collaboration.sla_policies (
  version     bigint      PRIMARY KEY,
  rules       jsonb       NOT NULL,
  actor       text        NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
-- DOMAIN.md and the seeds: critical answered within 2 hours, urgent within
-- 24 hours, general within 3 working days.
INSERT INTO collaboration.sla_policies (version, rules, actor) VALUES (1,
  '[{"urgency": "GENERAL", "response_working_days": 3, "step_working_days": 5},'
  ' {"urgency": "URGENT", "response_hours": 24, "step_working_days": 3},'
  ' {"urgency": "CRITICAL", "response_hours": 2, "step_working_days": 1}]',
  'system');

CREATE TABLE collaboration.requests (
  id                    uuid        PRIMARY KEY,
  customer_id           uuid        NOT NULL,
  -- The customers this request was moved away from by merges, oldest first:
  -- an unmerge of the last one gives it back (and pops it).
  merged_from           uuid[]      NOT NULL DEFAULT '{}',
  opportunity_id        uuid,
  contract_id           uuid,
  title                 text        NOT NULL,
  description           text        NOT NULL DEFAULT '',
  requesting_org_unit   text        NOT NULL,
  -- The participants' org units (request_participants.org_unit), kept here
  -- so scope and the board's org-unit filter are one GIN lookup.
  participant_org_units text[]      NOT NULL,
  urgency               smallint    NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  step                  smallint    NOT NULL CHECK (step BETWEEN 1 AND 6),
  step_owner            text        NOT NULL,
  step_due_time         timestamptz,
  step_enter_time       timestamptz NOT NULL,
  requester             text        NOT NULL,
  response_due_time     timestamptz NOT NULL,
  acknowledge_time      timestamptz,
  response_breach_time  timestamptz,
  step_breach_time      timestamptz,
  escalate_time         timestamptz,
  cancel_reason         text        NOT NULL DEFAULT '',
  sla_policy_version    bigint      NOT NULL REFERENCES collaboration.sla_policies (version),
  version               bigint      NOT NULL DEFAULT 1,
  create_time           timestamptz NOT NULL,
  update_time           timestamptz NOT NULL,
  CHECK (opportunity_id IS NULL OR contract_id IS NULL)
);
CREATE INDEX requests_customer ON collaboration.requests (customer_id, create_time DESC);
CREATE INDEX requests_newest ON collaboration.requests (create_time DESC, id DESC);
CREATE INDEX requests_participants ON collaboration.requests USING gin (participant_org_units);
CREATE INDEX requests_requesting ON collaboration.requests (requesting_org_unit);
CREATE INDEX requests_opportunity ON collaboration.requests (opportunity_id)
  WHERE opportunity_id IS NOT NULL;
CREATE INDEX requests_contract ON collaboration.requests (contract_id)
  WHERE contract_id IS NOT NULL;
-- The board: open requests per step, soonest due first; done ones newest
-- first.
CREATE INDEX requests_board_open ON collaboration.requests (step, step_due_time)
  INCLUDE (urgency, response_due_time, acknowledge_time, escalate_time)
  WHERE step < 5;
CREATE INDEX requests_board_done ON collaboration.requests (update_time DESC) WHERE step = 5;
-- The SLA job: the unanswered and the unbreached steps of open requests.
CREATE INDEX requests_response_due ON collaboration.requests (response_due_time)
  WHERE step < 5 AND acknowledge_time IS NULL AND response_breach_time IS NULL;
CREATE INDEX requests_step_due ON collaboration.requests (step_due_time)
  WHERE step < 5 AND step_breach_time IS NULL;

CREATE TABLE collaboration.request_participants (
  request_id       uuid        NOT NULL REFERENCES collaboration.requests (id),
  org_unit         text        NOT NULL,
  -- The order they were given in.
  position         integer     NOT NULL,
  task             text        NOT NULL,
  owner            text        NOT NULL DEFAULT '',
  acknowledge_time timestamptz,
  acknowledged_by  text        NOT NULL DEFAULT '',
  PRIMARY KEY (request_id, org_unit)
);

-- The timeline: comments, step changes, acknowledgements, breaches.
CREATE TABLE collaboration.request_timeline (
  entry_id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id    uuid        NOT NULL REFERENCES collaboration.requests (id),
  kind          smallint    NOT NULL CHECK (kind BETWEEN 1 AND 8),
  actor         text        NOT NULL,
  create_time   timestamptz NOT NULL,
  previous_step smallint    NOT NULL DEFAULT 0,
  step          smallint    NOT NULL DEFAULT 0,
  comment       text        NOT NULL DEFAULT ''
);
CREATE INDEX request_timeline_by_request ON collaboration.request_timeline (request_id, entry_id);

-- Versions of the attribution policy: the newest is in force; weights in
-- basis points summing to 10,000.
CREATE TABLE collaboration.attribution_policies (
  version                bigint      PRIMARY KEY,
  information_bp         integer     NOT NULL CHECK (information_bp BETWEEN 0 AND 10000),
  resources_bp           integer     NOT NULL CHECK (resources_bp BETWEEN 0 AND 10000),
  participation_bp       integer     NOT NULL CHECK (participation_bp BETWEEN 0 AND 10000),
  customer_evaluation_bp integer     NOT NULL CHECK (customer_evaluation_bp BETWEEN 0 AND 10000),
  dispute_days           integer     NOT NULL CHECK (dispute_days BETWEEN 1 AND 90),
  actor                  text        NOT NULL,
  create_time            timestamptz NOT NULL DEFAULT now(),
  CHECK (information_bp + resources_bp + participation_bp + customer_evaluation_bp = 10000)
);
-- DOMAIN.md's defaults: information 20 %, resources 30 %, participation
-- 30 %, customer evaluation 20 %; 10 days to dispute.
INSERT INTO collaboration.attribution_policies (version, information_bp, resources_bp,
  participation_bp, customer_evaluation_bp, dispute_days, actor)
  VALUES (1, 2000, 3000, 3000, 2000, 10, 'system');

CREATE TABLE collaboration.attributions (
  id                     uuid        PRIMARY KEY,
  -- The deal, once: "opportunities/{id}" when the deal has an opportunity
  -- (its contract, signed later, joins the same row), else
  -- "contracts/{id}". A replayed event finds it and opens nothing.
  deal_key               text        NOT NULL UNIQUE,
  opportunity_id         uuid,
  contract_id            uuid,
  customer_id            uuid        NOT NULL,
  merged_from            uuid[]      NOT NULL DEFAULT '{}',
  deal_title             text        NOT NULL DEFAULT '',
  currency_code          text        NOT NULL,
  amount_minor           bigint      NOT NULL CHECK (amount_minor >= 0),
  deal_date              date        NOT NULL,
  -- "2026Q4", of deal_date.
  deal_quarter           text        NOT NULL,
  owner_org_unit         text        NOT NULL,
  -- attribution_contributors.org_unit, kept here for scope (one GIN lookup).
  contributor_org_units  text[]      NOT NULL,
  state                  smallint    NOT NULL CHECK (state BETWEEN 1 AND 5),
  policy_version         bigint      NOT NULL REFERENCES collaboration.attribution_policies (version),
  submitter              text        NOT NULL DEFAULT '',
  approve_time           timestamptz,
  dispute_deadline       timestamptz,
  dispute_reason         text        NOT NULL DEFAULT '',
  disputed_by            text        NOT NULL DEFAULT '',
  revision               integer     NOT NULL DEFAULT 1,
  version                bigint      NOT NULL DEFAULT 1,
  create_time            timestamptz NOT NULL,
  update_time            timestamptz NOT NULL
);
CREATE INDEX attributions_newest ON collaboration.attributions (deal_date DESC, id DESC);
CREATE INDEX attributions_customer ON collaboration.attributions (customer_id);
CREATE INDEX attributions_contract ON collaboration.attributions (contract_id)
  WHERE contract_id IS NOT NULL;
CREATE INDEX attributions_contributors ON collaboration.attributions
  USING gin (contributor_org_units);
CREATE INDEX attributions_owner ON collaboration.attributions (owner_org_unit);
CREATE INDEX attributions_quarter ON collaboration.attributions (deal_quarter, state);
-- The finalising job: approved ones whose dispute window has closed.
CREATE INDEX attributions_dispute_deadline ON collaboration.attributions (dispute_deadline)
  WHERE state = 3;

CREATE TABLE collaboration.attribution_contributors (
  attribution_id      uuid     NOT NULL REFERENCES collaboration.attributions (id),
  org_unit            text     NOT NULL,
  -- v1.ContributorRole numbers.
  roles               smallint[] NOT NULL,
  -- Null until scored.
  information         smallint CHECK (information BETWEEN 0 AND 100),
  resources           smallint CHECK (resources BETWEEN 0 AND 100),
  participation       smallint CHECK (participation BETWEEN 0 AND 100),
  customer_evaluation smallint CHECK (customer_evaluation BETWEEN 0 AND 100),
  weighted_score      bigint   NOT NULL DEFAULT 0,
  share_bp            integer  NOT NULL DEFAULT 0 CHECK (share_bp BETWEEN 0 AND 10000),
  credited_minor      bigint   NOT NULL DEFAULT 0,
  evidence            text[]   NOT NULL DEFAULT '{}',
  PRIMARY KEY (attribution_id, org_unit)
);

-- The audit trail; an adjustment keeps the split before and after it (the
-- v1.Contributor messages as proto JSON).
CREATE TABLE collaboration.attribution_history (
  entry_id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attribution_id        uuid        NOT NULL REFERENCES collaboration.attributions (id),
  actor                 text        NOT NULL,
  method                text        NOT NULL,
  previous_state        smallint    NOT NULL,
  state                 smallint    NOT NULL,
  comment               text        NOT NULL DEFAULT '',
  previous_contributors jsonb       NOT NULL DEFAULT '[]',
  contributors          jsonb       NOT NULL DEFAULT '[]',
  change_time           timestamptz NOT NULL
);
CREATE INDEX attribution_history_by_attribution
  ON collaboration.attribution_history (attribution_id, entry_id);

-- The credit report's running totals: what the splits in force (APPROVED,
-- DISPUTED, FINAL) credit each org unit per quarter and currency, changed
-- in the transaction that puts a split in force or replaces it, so the
-- report reads a few rows rather than every attribution of the quarter.
CREATE TABLE collaboration.credit_totals (
  quarter               text    NOT NULL,
  currency_code         text    NOT NULL,
  org_unit              text    NOT NULL,
  deals                 bigint  NOT NULL DEFAULT 0,
  credited_minor        bigint  NOT NULL DEFAULT 0,
  share_sum_bp          bigint  NOT NULL DEFAULT 0,
  owned_deals           bigint  NOT NULL DEFAULT 0,
  owned_minor           bigint  NOT NULL DEFAULT 0,
  owned_credited_minor  bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (quarter, currency_code, org_unit)
);
-- Every deal of a quarter in force, and their total.
CREATE TABLE collaboration.credit_quarter_totals (
  quarter       text   NOT NULL,
  currency_code text   NOT NULL,
  deals         bigint NOT NULL DEFAULT 0,
  amount_minor  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (quarter, currency_code)
);
