-- The customer group overview (GetGroupOverview) over a subtree of 100,000
-- nodes within 200 ms: joining the subtree's nodes to customer_scores,
-- customer_facts and replica_customers costs one index probe per member and
-- table (about 0.5 s for 100,000 members on the 2-core test machine, whether
-- nested loops or hash joins), while one narrow row per node, read by one
-- GiST range scan on its path, rolls up in about 40 ms. So each node of the
-- group replica has a row here with what a roll-up reads of its customer:
-- owner and account team (the scope), tier, risk, health, annual purchases
-- and the money facts.
--
-- Kept by statement-level triggers, in the transaction of each change, from
-- the four tables it copies: a node upserted, moved or deleted by the group
-- replica; a customer's owner or account team changed by the customer
-- replica; a customer scored or forgotten; its facts refreshed or deleted.
-- A bulk write (a rescore of 5,000 customers, a subtree moved) costs one
-- set-based statement per statement, not one per row. Nothing else writes
-- here.
CREATE TABLE scoring.group_figures (
  node_id                 bigint           PRIMARY KEY,
  path                    ltree            NOT NULL,
  customer_id             uuid,             -- NULL for departments and business lines
  owner_org_unit          text             NOT NULL DEFAULT '',
  account_team            text[]           NOT NULL DEFAULT '{}',
  tier                    smallint         NOT NULL DEFAULT 0,  -- 0: not scored yet
  risk                    smallint         NOT NULL DEFAULT 0,  -- 0: not scored yet
  health_score            double precision NOT NULL DEFAULT 0,
  annual_purchases_minor  bigint           NOT NULL DEFAULT 0,
  pipeline_open_minor     bigint           NOT NULL DEFAULT 0,
  pipeline_weighted_minor bigint           NOT NULL DEFAULT 0,
  active_contract_minor   bigint           NOT NULL DEFAULT 0,
  receivable_minor        bigint           NOT NULL DEFAULT 0,
  overdue_minor           bigint           NOT NULL DEFAULT 0
) WITH (fillfactor = 70);
-- The subtree: one GiST range scan (path <@ the top's path).
CREATE INDEX group_figures_path ON scoring.group_figures USING gist (path);
-- The subtree's first nodes depth first: ltree order puts a node's
-- descendants right after it, so a B-tree range from the top's path stops
-- after the first ones.
CREATE INDEX group_figures_path_order ON scoring.group_figures (path);
CREATE INDEX group_figures_customer ON scoring.group_figures (customer_id);

-- Nodes inserted or updated (moved, attached, a customer merged into
-- another's node): their rows rebuilt from the four tables.
CREATE FUNCTION scoring.group_figures_nodes_changed() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  INSERT INTO scoring.group_figures AS g (node_id, path, customer_id, owner_org_unit,
      account_team, tier, risk, health_score, annual_purchases_minor, pipeline_open_minor,
      pipeline_weighted_minor, active_contract_minor, receivable_minor, overdue_minor)
  SELECT n.node_id, n.path, n.customer_id, coalesce(rc.owner_org_unit, ''),
      coalesce(rc.account_team, '{}'), coalesce(s.tier, 0), coalesce(s.risk, 0),
      coalesce(s.health_score, 0), coalesce(s.annual_purchases_minor, 0),
      coalesce(f.pipeline_open_minor, 0), coalesce(f.pipeline_weighted_minor, 0),
      coalesce(f.active_contract_minor, 0), coalesce(f.receivable_minor, 0),
      coalesce(f.overdue_minor, 0)
  FROM changed_nodes n
  LEFT JOIN scoring.replica_customers rc ON rc.customer_id = n.customer_id
  LEFT JOIN scoring.customer_scores s ON s.customer_id = n.customer_id
  LEFT JOIN scoring.customer_facts f ON f.customer_id = n.customer_id
  ON CONFLICT (node_id) DO UPDATE SET
    path = excluded.path, customer_id = excluded.customer_id,
    owner_org_unit = excluded.owner_org_unit, account_team = excluded.account_team,
    tier = excluded.tier, risk = excluded.risk, health_score = excluded.health_score,
    annual_purchases_minor = excluded.annual_purchases_minor,
    pipeline_open_minor = excluded.pipeline_open_minor,
    pipeline_weighted_minor = excluded.pipeline_weighted_minor,
    active_contract_minor = excluded.active_contract_minor,
    receivable_minor = excluded.receivable_minor, overdue_minor = excluded.overdue_minor;
  RETURN NULL;
END;
$$;

CREATE FUNCTION scoring.group_figures_nodes_deleted() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  DELETE FROM scoring.group_figures g USING gone_nodes o WHERE g.node_id = o.node_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER group_figures_nodes_inserted AFTER INSERT ON scoring.replica_group_nodes
  REFERENCING NEW TABLE AS changed_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_nodes_changed();
CREATE TRIGGER group_figures_nodes_updated AFTER UPDATE ON scoring.replica_group_nodes
  REFERENCING NEW TABLE AS changed_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_nodes_changed();
CREATE TRIGGER group_figures_nodes_deleted AFTER DELETE ON scoring.replica_group_nodes
  REFERENCING OLD TABLE AS gone_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_nodes_deleted();

-- A customer's owner or account team (the scope).
CREATE FUNCTION scoring.group_figures_customers_changed() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g
  SET owner_org_unit = c.owner_org_unit, account_team = c.account_team
  FROM changed_customers c
  WHERE g.customer_id = c.customer_id
    AND (g.owner_org_unit, g.account_team) IS DISTINCT FROM (c.owner_org_unit, c.account_team);
  RETURN NULL;
END;
$$;

CREATE FUNCTION scoring.group_figures_customers_deleted() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g SET owner_org_unit = '', account_team = '{}'
  FROM gone_customers c WHERE g.customer_id = c.customer_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER group_figures_customers_inserted AFTER INSERT ON scoring.replica_customers
  REFERENCING NEW TABLE AS changed_customers
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_customers_changed();
CREATE TRIGGER group_figures_customers_updated AFTER UPDATE ON scoring.replica_customers
  REFERENCING NEW TABLE AS changed_customers
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_customers_changed();
CREATE TRIGGER group_figures_customers_deleted AFTER DELETE ON scoring.replica_customers
  REFERENCING OLD TABLE AS gone_customers
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_customers_deleted();

-- A customer scored (tier, risk, health, annual purchases) or forgotten.
CREATE FUNCTION scoring.group_figures_scores_changed() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g
  SET tier = s.tier, risk = s.risk, health_score = s.health_score,
      annual_purchases_minor = s.annual_purchases_minor
  FROM changed_scores s
  WHERE g.customer_id = s.customer_id
    AND (g.tier, g.risk, g.health_score, g.annual_purchases_minor)
        IS DISTINCT FROM (s.tier, s.risk, s.health_score, s.annual_purchases_minor);
  RETURN NULL;
END;
$$;

CREATE FUNCTION scoring.group_figures_scores_deleted() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g
  SET tier = 0, risk = 0, health_score = 0, annual_purchases_minor = 0
  FROM gone_scores s WHERE g.customer_id = s.customer_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER group_figures_scores_inserted AFTER INSERT ON scoring.customer_scores
  REFERENCING NEW TABLE AS changed_scores
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_scores_changed();
CREATE TRIGGER group_figures_scores_updated AFTER UPDATE ON scoring.customer_scores
  REFERENCING NEW TABLE AS changed_scores
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_scores_changed();
CREATE TRIGGER group_figures_scores_deleted AFTER DELETE ON scoring.customer_scores
  REFERENCING OLD TABLE AS gone_scores
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_scores_deleted();

-- A customer's money facts refreshed or deleted.
CREATE FUNCTION scoring.group_figures_facts_changed() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g
  SET pipeline_open_minor = f.pipeline_open_minor,
      pipeline_weighted_minor = f.pipeline_weighted_minor,
      active_contract_minor = f.active_contract_minor, receivable_minor = f.receivable_minor,
      overdue_minor = f.overdue_minor
  FROM changed_facts f
  WHERE g.customer_id = f.customer_id
    AND (g.pipeline_open_minor, g.pipeline_weighted_minor, g.active_contract_minor,
         g.receivable_minor, g.overdue_minor)
        IS DISTINCT FROM (f.pipeline_open_minor, f.pipeline_weighted_minor,
                          f.active_contract_minor, f.receivable_minor, f.overdue_minor);
  RETURN NULL;
END;
$$;

CREATE FUNCTION scoring.group_figures_facts_deleted() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  UPDATE scoring.group_figures g
  SET pipeline_open_minor = 0, pipeline_weighted_minor = 0, active_contract_minor = 0,
      receivable_minor = 0, overdue_minor = 0
  FROM gone_facts f WHERE g.customer_id = f.customer_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER group_figures_facts_inserted AFTER INSERT ON scoring.customer_facts
  REFERENCING NEW TABLE AS changed_facts
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_facts_changed();
CREATE TRIGGER group_figures_facts_updated AFTER UPDATE ON scoring.customer_facts
  REFERENCING NEW TABLE AS changed_facts
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_facts_changed();
CREATE TRIGGER group_figures_facts_deleted AFTER DELETE ON scoring.customer_facts
  REFERENCING OLD TABLE AS gone_facts
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_facts_deleted();

-- A table emptied at once (tests, a rebuild): what it held goes here too.
CREATE FUNCTION scoring.group_figures_truncated() RETURNS trigger
LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  IF TG_TABLE_NAME = 'replica_group_nodes' THEN
    DELETE FROM scoring.group_figures;
  ELSIF TG_TABLE_NAME = 'replica_customers' THEN
    UPDATE scoring.group_figures SET owner_org_unit = '', account_team = '{}'
    WHERE owner_org_unit <> '' OR account_team <> '{}';
  ELSIF TG_TABLE_NAME = 'customer_scores' THEN
    UPDATE scoring.group_figures SET tier = 0, risk = 0, health_score = 0,
        annual_purchases_minor = 0
    WHERE tier <> 0;
  ELSIF TG_TABLE_NAME = 'customer_facts' THEN
    UPDATE scoring.group_figures SET pipeline_open_minor = 0, pipeline_weighted_minor = 0,
        active_contract_minor = 0, receivable_minor = 0, overdue_minor = 0
    WHERE customer_id IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER group_figures_nodes_truncated AFTER TRUNCATE ON scoring.replica_group_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_truncated();
CREATE TRIGGER group_figures_customers_truncated AFTER TRUNCATE ON scoring.replica_customers
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_truncated();
CREATE TRIGGER group_figures_scores_truncated AFTER TRUNCATE ON scoring.customer_scores
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_truncated();
CREATE TRIGGER group_figures_facts_truncated AFTER TRUNCATE ON scoring.customer_facts
  FOR EACH STATEMENT EXECUTE FUNCTION scoring.group_figures_truncated();

-- What the tables hold already.
INSERT INTO scoring.group_figures (node_id, path, customer_id, owner_org_unit, account_team,
    tier, risk, health_score, annual_purchases_minor, pipeline_open_minor,
    pipeline_weighted_minor, active_contract_minor, receivable_minor, overdue_minor)
SELECT n.node_id, n.path, n.customer_id, coalesce(rc.owner_org_unit, ''),
    coalesce(rc.account_team, '{}'), coalesce(s.tier, 0), coalesce(s.risk, 0),
    coalesce(s.health_score, 0), coalesce(s.annual_purchases_minor, 0),
    coalesce(f.pipeline_open_minor, 0), coalesce(f.pipeline_weighted_minor, 0),
    coalesce(f.active_contract_minor, 0), coalesce(f.receivable_minor, 0),
    coalesce(f.overdue_minor, 0)
FROM scoring.replica_group_nodes n
LEFT JOIN scoring.replica_customers rc ON rc.customer_id = n.customer_id
LEFT JOIN scoring.customer_scores s ON s.customer_id = n.customer_id
LEFT JOIN scoring.customer_facts f ON f.customer_id = n.customer_id;
