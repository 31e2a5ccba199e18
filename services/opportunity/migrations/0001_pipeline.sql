-- The pipeline: opportunities, their stage history, activities, and the
-- stage model they are judged by. Stages, forecast categories, loss reasons
-- and activity types are stored as the numbers of their crm.opportunity.v1
-- enums. Customers are the replica's (replica_customers, libs/replicas):
-- scope is decided there, never by reading the customer schema.

-- Versions of the stage model: the newest is in force; opportunities record
-- the version of their last stage change.
CREATE TABLE opportunity.stage_models (
  version                    bigint      PRIMARY KEY,
  -- Default probability per stage, indexed by the Stage number (1 = LEAD …
  -- 7 = LOST).
  probabilities              smallint[]  NOT NULL,
  min_survey_completeness_bp integer     NOT NULL CHECK (min_survey_completeness_bp BETWEEN 0 AND 10000),
  require_decision_maker     boolean     NOT NULL,
  stale_after_days           integer     NOT NULL CHECK (stale_after_days BETWEEN 1 AND 365),
  actor                      text        NOT NULL,
  create_time                timestamptz NOT NULL DEFAULT now(),
  CHECK (cardinality(probabilities) = 7)
);
-- DOMAIN.md's defaults: lead 10, discovery 20, solution 40, quote 60,
-- negotiation 80, won 100, lost 0; past SOLUTION a complete needs survey and
-- a decision maker; stale after 14 days.
INSERT INTO opportunity.stage_models
  (version, probabilities, min_survey_completeness_bp, require_decision_maker, stale_after_days, actor)
VALUES (1, '{10,20,40,60,80,100,0}', 10000, true, 14, 'system');

CREATE TABLE opportunity.opportunities (
  id                      uuid        PRIMARY KEY,
  customer_id             uuid        NOT NULL,
  -- The customers this opportunity was moved away from by merges, oldest
  -- first: an unmerge of the last one gives it back (and pops it).
  merged_from             uuid[]      NOT NULL DEFAULT '{}',
  title                   text        NOT NULL,
  owner_org_unit          text        NOT NULL,
  -- The owner org unit's ancestors, root first, ending with itself (from the
  -- signed principal), so "an org unit's subtree" is one GIN lookup.
  owner_org_unit_path     text[]      NOT NULL,
  owner_user              text        NOT NULL,
  collaborating_org_units text[]      NOT NULL DEFAULT '{}',
  stage                   smallint    NOT NULL CHECK (stage BETWEEN 1 AND 7),
  -- The furthest stage reached (WON: 6; a lost one keeps how far it got),
  -- for the funnel's conversions.
  furthest_stage          smallint    NOT NULL CHECK (furthest_stage BETWEEN 1 AND 6),
  -- Whole days spent in each stage it has left, indexed by Stage number.
  stage_days              integer[]   NOT NULL DEFAULT '{0,0,0,0,0,0,0}',
  probability             smallint    NOT NULL CHECK (probability BETWEEN 0 AND 100),
  probability_overridden  boolean     NOT NULL DEFAULT false,
  forecast_category       smallint    NOT NULL CHECK (forecast_category BETWEEN 1 AND 5),
  currency_code           text        NOT NULL DEFAULT 'CNY',
  amount_minor            bigint      NOT NULL DEFAULT 0,
  -- The v1.ProductLine messages as proto JSON with proto field names and
  -- enums as numbers (core/opportunity_row.h): [{"product_code", "quantity",
  -- "unit_price": {Money}, "discount_bp", "amount": {Money}}]; amount_minor
  -- is their sum when there are lines.
  product_lines           jsonb       NOT NULL DEFAULT '[]',
  expected_close_date     date,
  next_follow_up_date     date,
  lead_source             text        NOT NULL DEFAULT '',
  competitors             text[]      NOT NULL DEFAULT '{}',
  loss_reason             smallint    NOT NULL DEFAULT 0,
  loss_reason_text        text        NOT NULL DEFAULT '',
  close_date              date,
  -- The v1.CommitteeMember messages, stored likewise: [{"contact",
  -- "display_name", "role", "stance", "influence"}]
  buying_committee        jsonb       NOT NULL DEFAULT '[]',
  -- The NeedsSurvey as JSON (proto field names), and what the gates read.
  needs_survey            jsonb       NOT NULL DEFAULT '{}',
  survey_completeness_bp  integer     NOT NULL DEFAULT 0,
  has_decision_maker      boolean     NOT NULL DEFAULT false,
  stage_model_version     bigint      NOT NULL REFERENCES opportunity.stage_models (version),
  stage_enter_time        timestamptz NOT NULL,
  last_activity_time      timestamptz,
  -- The start of the stale period last announced (OPPORTUNITY_STALE): the
  -- last activity time, or the creation time when there was none. One
  -- event per period.
  stale_announced_from    timestamptz,
  version                 bigint      NOT NULL DEFAULT 1,
  create_time             timestamptz NOT NULL,
  update_time             timestamptz NOT NULL
);
CREATE INDEX opportunities_customer ON opportunity.opportunities (customer_id, create_time DESC, id);
CREATE INDEX opportunities_owner_org_unit ON opportunity.opportunities (owner_org_unit, create_time DESC, id);
CREATE INDEX opportunities_owner_user ON opportunity.opportunities (owner_user, create_time DESC, id);
CREATE INDEX opportunities_owner_org_unit_path ON opportunity.opportunities USING gin (owner_org_unit_path);
CREATE INDEX opportunities_collaborators ON opportunity.opportunities USING gin (collaborating_org_units);
-- Stale lists: open opportunities by how long they have been quiet.
CREATE INDEX opportunities_open_quiet_by_user ON opportunity.opportunities
  (owner_user, (coalesce(last_activity_time, create_time)), id) WHERE stage < 6;
CREATE INDEX opportunities_open_quiet_by_org_unit ON opportunity.opportunities
  (owner_org_unit, (coalesce(last_activity_time, create_time)), id) WHERE stage < 6;
CREATE INDEX opportunities_open_follow_up ON opportunity.opportunities
  (owner_user, next_follow_up_date) WHERE stage < 6 AND next_follow_up_date IS NOT NULL;

-- Every change of stage, amount, expected close date, probability or
-- forecast category (Salesforce's OpportunityHistory, and who and why).
CREATE TABLE opportunity.stage_history (
  id                           bigserial   PRIMARY KEY,
  opportunity_id               uuid        NOT NULL REFERENCES opportunity.opportunities (id),
  actor                        text        NOT NULL,
  method                       text        NOT NULL,
  change_time                  timestamptz NOT NULL,
  previous_stage               smallint    NOT NULL DEFAULT 0,
  stage                        smallint    NOT NULL,
  currency_code                text        NOT NULL,
  previous_amount_minor        bigint,
  amount_minor                 bigint      NOT NULL,
  previous_expected_close_date date,
  expected_close_date          date,
  previous_probability         smallint,
  probability                  smallint    NOT NULL,
  previous_forecast_category   smallint    NOT NULL DEFAULT 0,
  forecast_category            smallint    NOT NULL,
  days_in_previous_stage       integer,
  reason                       text        NOT NULL DEFAULT '',
  skipped_stages               smallint[]  NOT NULL DEFAULT '{}'
);
CREATE INDEX stage_history_opportunity ON opportunity.stage_history (opportunity_id, id);

CREATE TABLE opportunity.activities (
  id                  uuid        PRIMARY KEY,
  customer_id         uuid        NOT NULL,
  merged_from         uuid[]      NOT NULL DEFAULT '{}',  -- as on opportunities
  opportunity_id      uuid        REFERENCES opportunity.opportunities (id),
  type                smallint    NOT NULL CHECK (type BETWEEN 1 AND 7),
  occur_time          timestamptz NOT NULL,
  contacts            text[]      NOT NULL DEFAULT '{}',
  summary             text        NOT NULL,
  next_step           text        NOT NULL DEFAULT '',
  next_follow_up_date date,
  complaint_severity  smallint    NOT NULL DEFAULT 0,
  complaint_resolved  boolean     NOT NULL DEFAULT false,
  author              text        NOT NULL,
  author_org_unit     text        NOT NULL,
  create_time         timestamptz NOT NULL
);
CREATE INDEX activities_customer ON opportunity.activities (customer_id, occur_time DESC, id);
CREATE INDEX activities_opportunity ON opportunity.activities (opportunity_id, occur_time DESC, id)
  WHERE opportunity_id IS NOT NULL;

-- The last activity per customer, for scoring's "days since the last
-- activity" (per opportunity it is opportunities.last_activity_time).
CREATE TABLE opportunity.customer_last_activity (
  customer_id        uuid        PRIMARY KEY,
  last_activity_time timestamptz NOT NULL
);
