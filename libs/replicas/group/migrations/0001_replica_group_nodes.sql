-- A consuming service's copy of customer-group membership (group_replica.h),
-- kept from the hierarchy's feed: each node's path is the ids from its root
-- down to itself, as in the hierarchy's own hierarchy.nodes, so "the
-- customers under node N" is one GiST range scan and a move rewrites the
-- moved paths in one statement.
CREATE EXTENSION IF NOT EXISTS ltree;

CREATE TABLE {schema}.replica_group_nodes (
  node_id     bigint PRIMARY KEY,
  root_id     bigint NOT NULL,  -- the first id of path: the node's group
  customer_id uuid,             -- CUSTOMER nodes only; NULL for departments and business lines
  path        ltree  NOT NULL,  -- "1.5.9": root first, ending with node_id
  version     bigint NOT NULL   -- the hierarchy's node version (its etag) last applied
);
CREATE INDEX replica_group_nodes_path ON {schema}.replica_group_nodes USING gist (path);
CREATE INDEX replica_group_nodes_customer ON {schema}.replica_group_nodes (customer_id);
CREATE INDEX replica_group_nodes_root ON {schema}.replica_group_nodes (root_id);
