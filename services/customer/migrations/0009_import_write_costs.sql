-- Two costs of bulk writes (ImportCustomers), measured with bench/ import.
--
-- The read-model columns (0004) were refreshed by a row-level trigger that
-- called a SQL function, re-planned on every call, once per account-team or
-- reference row, and rewrote the customer row even when its JSON came out the
-- same. Statement-level triggers now refresh every customer a statement
-- touched in one set-based UPDATE, only where the JSON differs: an import
-- that writes the JSON with the row leaves it alone.
CREATE FUNCTION customer.refresh_read_models(customers uuid[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE customer.customers c SET
    account_team_json = v.team,
    external_references_json = v.refs
  FROM (SELECT ids.id,
      (SELECT coalesce(json_agg(json_build_array(t.org_unit, t.user_name, t.role)
                                ORDER BY t.org_unit, t.user_name), '[]')::text
       FROM customer.account_team t WHERE t.customer_id = ids.id) AS team,
      (SELECT coalesce(json_agg(json_build_array(r.source_system, r.source_id)
                                ORDER BY r.source_system, r.source_id), '[]')::text
       FROM customer.external_references r WHERE r.customer_id = ids.id) AS refs
    FROM unnest(customers) AS ids(id)) v
  WHERE c.id = v.id
    AND (c.account_team_json, c.external_references_json) IS DISTINCT FROM (v.team, v.refs);
$$;

CREATE FUNCTION customer.refresh_read_models_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer.refresh_read_models(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
  RETURN NULL;
END;
$$;

CREATE FUNCTION customer.refresh_read_models_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer.refresh_read_models(ARRAY(
    SELECT customer_id FROM old_rows UNION SELECT customer_id FROM new_rows));
  RETURN NULL;
END;
$$;

CREATE FUNCTION customer.refresh_read_models_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer.refresh_read_models(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END;
$$;

DROP TRIGGER account_team_read_model ON customer.account_team;
DROP TRIGGER external_references_read_model ON customer.external_references;

CREATE TRIGGER account_team_read_model_inserted AFTER INSERT ON customer.account_team
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_inserted();
CREATE TRIGGER account_team_read_model_updated AFTER UPDATE ON customer.account_team
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_updated();
CREATE TRIGGER account_team_read_model_deleted AFTER DELETE ON customer.account_team
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_deleted();

CREATE TRIGGER external_references_read_model_inserted AFTER INSERT ON customer.external_references
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_inserted();
CREATE TRIGGER external_references_read_model_updated AFTER UPDATE ON customer.external_references
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_updated();
CREATE TRIGGER external_references_read_model_deleted AFTER DELETE ON customer.external_references
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer.refresh_read_models_deleted();

DROP FUNCTION customer.refresh_read_model_trigger();

-- The match keys are derived from the legal name and written with it, so
-- the foreign key only re-checked what the same statement had just written:
-- one customers lookup per key, about a dozen per imported row.
ALTER TABLE customer.name_keys DROP CONSTRAINT name_keys_customer_id_fkey;
