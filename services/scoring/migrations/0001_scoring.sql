-- Scoring: a fact table per customer kept from the other services' feeds,
-- the value and health scores computed from it, tiers changed by quarterly
-- review, churn warnings with retention plans, satisfaction surveys and
-- the org units' sales targets. Tiers, risk levels and states are stored as
-- the numbers of their crm.scoring.v1 enums; money as bigint CNY minor
-- units (fen), never as a float. Customers are the replica's
-- (replica_customers, libs/replicas): scope is decided there, never by
-- reading another service's schema; customer groups are replica_group_nodes.

-- Versions of the scoring policy (v1.ScoringPolicy as proto JSON, without
-- its output fields): the newest is in force.
CREATE TABLE scoring.policies (
  version     bigint      PRIMARY KEY,
  policy      jsonb       NOT NULL,
  actor       text        NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
-- DOMAIN.md's tiers (A above 10,000,000 CNY a year or strategic, B from
-- 1,000,000), health signals and scorecard weights; the signals' weights
-- sum to 10,000.
-- Thresholds: orders_trend percent change (last 3 months against the 3
-- before), days, counts, overdue days, satisfaction points fallen.
INSERT INTO scoring.policies (version, policy, actor) VALUES (1, '{
  "valueWeights": {"annualPurchasesBp": 4000, "profitContributionBp": 1500,
                   "tenureBp": 1500, "growthBp": 1500, "strategicBp": 1500},
  "tierAMin": {"currencyCode": "CNY", "minorUnits": "1000000000"},
  "tierBMin": {"currencyCode": "CNY", "minorUnits": "100000000"},
  "tenureFullYears": 10, "growthFullPercent": 50, "marginFullBp": 3000,
  "signals": [
    {"signal": "orders_trend", "threshold": -30, "weightBp": 2000},
    {"signal": "days_since_activity", "threshold": 30, "weightBp": 1500},
    {"signal": "days_since_visit", "threshold": 90, "weightBp": 1000},
    {"signal": "complaints_rising", "threshold": 1, "weightBp": 1000},
    {"signal": "overdue_receivables", "threshold": 30, "weightBp": 1500},
    {"signal": "expiring_without_renewal", "threshold": 1, "weightBp": 1500},
    {"signal": "delivery_problems", "threshold": 1, "weightBp": 1000},
    {"signal": "satisfaction_falling", "threshold": 1, "weightBp": 500}],
  "highRiskBelow": 50, "mediumRiskBelow": 75,
  "scorecardWeights": {"salesResultBp": 6000, "dataCompletenessBp": 1500,
                       "processComplianceBp": 1500, "customerSatisfactionBp": 1000}}', 'system');

-- Customers whose facts must be fetched again: a followed event names
-- them, or a rebuild queued them. The refresher takes them oldest first.
CREATE TABLE scoring.dirty_customers (
  customer_id uuid        PRIMARY KEY,
  mark_time   timestamptz NOT NULL,
  -- The rebuild that queued it, if any (its progress counts it when done).
  rebuild_id  uuid
);
CREATE INDEX dirty_customers_mark_time ON scoring.dirty_customers (mark_time);

-- What the scores read about a customer, refreshed from the feeds.
CREATE TABLE scoring.customer_facts (
  customer_id              uuid        PRIMARY KEY,
  first_signed_date        date,
  pipeline_open_minor      bigint      NOT NULL DEFAULT 0,
  pipeline_weighted_minor  bigint      NOT NULL DEFAULT 0,
  active_contract_minor    bigint      NOT NULL DEFAULT 0,
  receivable_minor         bigint      NOT NULL DEFAULT 0,
  overdue_minor            bigint      NOT NULL DEFAULT 0,
  overdue_days             integer     NOT NULL DEFAULT 0,
  last_activity_time       timestamptz,
  last_visit_time          timestamptz,
  expiring_without_renewal integer     NOT NULL DEFAULT 0,
  delivery_problems        integer     NOT NULL DEFAULT 0,
  open_requests            integer     NOT NULL DEFAULT 0,
  -- What the figures leave out, for a person ("1 contract in USD not counted").
  notes                    text[]      NOT NULL DEFAULT '{}',
  refresh_time             timestamptz NOT NULL
);

-- Per customer and calendar month (the first day, Asia/Shanghai): signed
-- contract amounts, receipts, complaints and delivery problems. Months
-- with nothing have no row.
CREATE TABLE scoring.customer_months (
  customer_id       uuid    NOT NULL,
  month             date    NOT NULL,
  purchases_minor   bigint  NOT NULL DEFAULT 0,
  receipts_minor    bigint  NOT NULL DEFAULT 0,
  complaints        integer NOT NULL DEFAULT 0,
  delivery_problems integer NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, month)
);

-- What HQ says about a customer that no feed carries.
CREATE TABLE scoring.profiles (
  customer_id uuid        PRIMARY KEY,
  strategic   boolean     NOT NULL DEFAULT false,
  margin_bp   integer     CHECK (margin_bp BETWEEN -10000 AND 10000),
  reason      text        NOT NULL DEFAULT '',
  actor       text        NOT NULL,
  update_time timestamptz NOT NULL,
  version     bigint      NOT NULL DEFAULT 1
);

-- The scores of each customer. tier is the tier in force: the computed
-- one until a review decides (tier_decided), then only a review changes
-- it. value and health are the serialized v1.ValueAssessment and
-- v1.HealthAssessment with their factors and reasons; the columns beside
-- them are what lists, roll-ups and filters read.
CREATE TABLE scoring.customer_scores (
  customer_id            uuid             PRIMARY KEY,
  tier                   smallint         NOT NULL CHECK (tier BETWEEN 1 AND 3),
  tier_decided           boolean          NOT NULL DEFAULT false,
  computed_tier          smallint         NOT NULL CHECK (computed_tier BETWEEN 1 AND 3),
  value_score            double precision NOT NULL,
  health_score           double precision NOT NULL,
  risk                   smallint         NOT NULL CHECK (risk BETWEEN 1 AND 3),
  annual_purchases_minor bigint           NOT NULL DEFAULT 0,
  value                  bytea            NOT NULL,
  health                 bytea            NOT NULL,
  policy_version         bigint           NOT NULL,
  compute_time           timestamptz      NOT NULL,
  version                bigint           NOT NULL DEFAULT 1
);
CREATE INDEX customer_scores_at_risk ON scoring.customer_scores (health_score, customer_id)
  WHERE risk >= 2;

-- Tier changes by review, the customer's tier history.
CREATE TABLE scoring.tier_changes (
  id          bigserial   PRIMARY KEY,
  customer_id uuid        NOT NULL,
  from_tier   smallint    NOT NULL,
  to_tier     smallint    NOT NULL,
  quarter     text        NOT NULL,
  decided_by  text        NOT NULL,
  reason      text        NOT NULL DEFAULT '',
  change_time timestamptz NOT NULL
);
CREATE INDEX tier_changes_customer ON scoring.tier_changes (customer_id, id DESC);

-- Quarterly tier reviews ("2026Q4") and their proposals.
CREATE TABLE scoring.tier_reviews (
  quarter        text        PRIMARY KEY,
  open_time      timestamptz NOT NULL,
  opened_by      text        NOT NULL,
  policy_version bigint      NOT NULL
);

-- state: 1 pending, 2 approved, 3 overridden (v1.TierProposal.State).
CREATE TABLE scoring.tier_proposals (
  quarter                text             NOT NULL REFERENCES scoring.tier_reviews (quarter),
  customer_id            uuid             NOT NULL,
  current_tier           smallint         NOT NULL,
  proposed_tier          smallint         NOT NULL,
  reasons                text[]           NOT NULL DEFAULT '{}',
  annual_purchases_minor bigint           NOT NULL DEFAULT 0,
  value_score            double precision NOT NULL,
  state                  smallint         NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 3),
  decided_tier           smallint,
  decided_by             text,
  decision_reason        text,
  decide_time            timestamptz,
  version                bigint           NOT NULL DEFAULT 1,
  PRIMARY KEY (quarter, customer_id)
);
CREATE INDEX tier_proposals_order ON scoring.tier_proposals
  (quarter, annual_purchases_minor DESC, customer_id);

-- Churn warnings: state 1 open, 2 cleared (v1.ChurnWarning.State); at most
-- one open per customer. outcome as v1.RetentionPlan.Outcome (0: no plan).
CREATE TABLE scoring.churn_warnings (
  id                uuid             PRIMARY KEY,
  customer_id       uuid             NOT NULL,
  owner_org_unit    text             NOT NULL,
  state             smallint         NOT NULL CHECK (state IN (1, 2)),
  reasons           text[]           NOT NULL DEFAULT '{}',
  health_score      double precision NOT NULL,
  tier              smallint         NOT NULL,
  raise_time        timestamptz      NOT NULL,
  clear_time        timestamptz,
  plan_actions      text             NOT NULL DEFAULT '',
  plan_owner        text             NOT NULL DEFAULT '',
  plan_due_date     date,
  outcome           smallint         NOT NULL DEFAULT 0 CHECK (outcome BETWEEN 0 AND 3),
  outcome_note      text             NOT NULL DEFAULT '',
  plan_recorded_by  text             NOT NULL DEFAULT '',
  plan_update_time  timestamptz,
  version           bigint           NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX churn_warnings_one_open ON scoring.churn_warnings (customer_id)
  WHERE state = 1;
CREATE INDEX churn_warnings_open_order ON scoring.churn_warnings (health_score, id)
  WHERE state = 1;
CREATE INDEX churn_warnings_customer ON scoring.churn_warnings (customer_id, raise_time DESC);

-- Satisfaction survey answers: one per contact and period ("2026Q4").
CREATE TABLE scoring.surveys (
  id          uuid        PRIMARY KEY,
  customer_id uuid        NOT NULL,
  contact     text        NOT NULL,
  period      text        NOT NULL,
  score       smallint    NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment     text        NOT NULL DEFAULT '',
  org_unit    text        NOT NULL,
  recorded_by text        NOT NULL,
  create_time timestamptz NOT NULL,
  UNIQUE (contact, period)
);
CREATE INDEX surveys_customer ON scoring.surveys (customer_id, period);
CREATE INDEX surveys_period ON scoring.surveys (period, org_unit);

-- HQ's sales target per org unit and quarter.
CREATE TABLE scoring.sales_targets (
  org_unit      text        NOT NULL,
  quarter       text        NOT NULL,
  currency_code text        NOT NULL DEFAULT 'CNY',
  amount_minor  bigint      NOT NULL CHECK (amount_minor >= 0),
  set_by        text        NOT NULL,
  update_time   timestamptz NOT NULL,
  version       bigint      NOT NULL DEFAULT 1,
  PRIMARY KEY (org_unit, quarter)
);

-- Rebuilds of the fact table: state as v1.FactsRebuild.State; one running
-- at a time.
CREATE TABLE scoring.facts_rebuilds (
  id              uuid        PRIMARY KEY,
  state           smallint    NOT NULL CHECK (state BETWEEN 1 AND 3),
  customers_total bigint      NOT NULL DEFAULT 0,
  customers_done  bigint      NOT NULL DEFAULT 0,
  start_time      timestamptz NOT NULL,
  end_time        timestamptz,
  error           text        NOT NULL DEFAULT '',
  started_by      text        NOT NULL
);
CREATE UNIQUE INDEX facts_rebuilds_one_running ON scoring.facts_rebuilds ((true))
  WHERE state = 1;
