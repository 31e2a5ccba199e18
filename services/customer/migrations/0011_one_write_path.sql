-- How the read model renders a customer's external references as JSON
-- (customers.external_references_json, 0004), defined once: the statement
-- triggers' refresh (0009) and ImportCustomers, which writes a new customer's
-- reference JSON with its row so the trigger that follows finds nothing to
-- rewrite, both call it.
CREATE FUNCTION customer.references_json(source_systems text[], source_ids text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(json_agg(json_build_array(r.s, r.i) ORDER BY r.s, r.i), '[]')::text
  FROM unnest(source_systems, source_ids) AS r(s, i)
$$;

CREATE OR REPLACE FUNCTION customer.refresh_read_models(customers uuid[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE customer.customers c SET
    account_team_json = v.team,
    external_references_json = v.refs
  FROM (SELECT ids.id,
      (SELECT coalesce(json_agg(json_build_array(t.org_unit, t.user_name, t.role)
                                ORDER BY t.org_unit, t.user_name), '[]')::text
       FROM customer.account_team t WHERE t.customer_id = ids.id) AS team,
      (SELECT customer.references_json(array_agg(r.source_system), array_agg(r.source_id))
       FROM customer.external_references r WHERE r.customer_id = ids.id) AS refs
    FROM unnest(customers) AS ids(id)) v
  WHERE c.id = v.id
    AND (c.account_team_json, c.external_references_json) IS DISTINCT FROM (v.team, v.refs);
$$;
