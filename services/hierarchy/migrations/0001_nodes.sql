-- hierarchy.request_log, once created here, comes from libs/idempotency's own
-- migrations (IF NOT EXISTS), so a database that applied this file before keeps
-- its table and accepts the edit:
-- replaces checksum 73e6eb94fbb5a0583bbf3ee52fcb15e5539e2e8b0fabfe48c29582d3a0d78ff9

-- Customer group trees as materialised paths: each node's path is the ids
-- from its root down to itself (ltree), so a subtree is one GiST range scan
-- and a move rewrites the moved paths in one statement.
CREATE EXTENSION IF NOT EXISTS ltree;

-- Versions of trees come from one sequence, so a version names one state of
-- one tree; the subtree cache keys on it.
CREATE SEQUENCE hierarchy.tree_version;

-- One row per tree: locked by every change to the tree (changes in one tree
-- are serialised; two trees change in parallel) and versioned for the cache.
CREATE TABLE hierarchy.trees (
  root_id bigint PRIMARY KEY,
  version bigint NOT NULL DEFAULT nextval('hierarchy.tree_version')
);

-- Node ids are taken before the insert: a node's path ends with its own id.
CREATE SEQUENCE hierarchy.node_id;

CREATE TABLE hierarchy.nodes (
  id              bigint      PRIMARY KEY DEFAULT nextval('hierarchy.node_id'),
  kind            smallint    NOT NULL,                 -- 1 customer, 2 department, 3 business line
  customer_id     uuid,                                 -- the customer; a department's: its customer's
  display_name    text        NOT NULL,
  parent_id       bigint      REFERENCES hierarchy.nodes (id),
  root_id         bigint      NOT NULL,
  path            ltree       NOT NULL,
  depth           integer     GENERATED ALWAYS AS (nlevel(path) - 1) STORED,
  edge_type       smallint    NOT NULL DEFAULT 0,
  ownership_bp    integer,                              -- basis points, 0..10000
  effective_from  date,
  region          text        NOT NULL DEFAULT '',
  owner_org_unit  text        NOT NULL DEFAULT '',
  version         bigint      NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  CHECK (ownership_bp BETWEEN 0 AND 10000),
  CHECK ((parent_id IS NULL) = (edge_type = 0))
);
-- A legal entity appears at most once across all trees.
CREATE UNIQUE INDEX nodes_one_per_customer ON hierarchy.nodes (customer_id) WHERE kind = 1;
CREATE INDEX nodes_path ON hierarchy.nodes USING gist (path);
CREATE INDEX nodes_parent ON hierarchy.nodes (parent_id, id);
-- Breadth-first pages of a tree: (depth, id) within a root.
CREATE INDEX nodes_breadth_first ON hierarchy.nodes (root_id, depth, id);
