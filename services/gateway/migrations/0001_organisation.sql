-- gateway.request_log, once created here, comes from libs/idempotency's own
-- migrations (IF NOT EXISTS), so a database that applied this file before keeps
-- its table and accepts the edit:
-- replaces checksum 87b5c312eaa77069ecff1e9e5e2b98e05895ca473a5cc72b8fea0e9b293cf02b

-- The seller organisation: org units as a tree (HQ -> subsidiaries ->
-- teams), the users and service accounts that call the suite, and the audit
-- log of every change to them.

CREATE TABLE gateway.org_units (
  id           text        PRIMARY KEY,
  parent_id    text        REFERENCES gateway.org_units (id),
  kind         smallint    NOT NULL,            -- 1 headquarters, 2 subsidiary, 3 team
  display_name text        NOT NULL,
  path         text[]      NOT NULL,            -- ids from the root, ending with id
  version      bigint      NOT NULL DEFAULT 1,  -- behind the etag
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (kind = 1))
);
-- One root. A parent never changes, so a stored path stays true.
CREATE UNIQUE INDEX org_units_one_root ON gateway.org_units ((true)) WHERE parent_id IS NULL;
CREATE INDEX org_units_parent ON gateway.org_units (parent_id);
CREATE INDEX org_units_path ON gateway.org_units (path);

CREATE TABLE gateway.users (
  id           text        PRIMARY KEY,         -- the token's "sub"
  type         smallint    NOT NULL,            -- 1 human, 2 service account
  display_name text        NOT NULL,
  org_unit_id  text        NOT NULL REFERENCES gateway.org_units (id),
  roles        text[]      NOT NULL,
  email        text        NOT NULL DEFAULT '',
  disabled     boolean     NOT NULL DEFAULT false,
  version      bigint      NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_org_unit ON gateway.users (org_unit_id, id);

-- Every change, with the resource before and after. target_path is the
-- org unit path of what changed, so an org admin sees their subtree's entries.
CREATE TABLE gateway.audit_log (
  id          bigserial   PRIMARY KEY,
  time        timestamptz NOT NULL DEFAULT now(),
  actor       text        NOT NULL,
  action      text        NOT NULL,
  target      text        NOT NULL,
  target_path text[]      NOT NULL,
  request_id  text        NOT NULL DEFAULT '',
  before_json text        NOT NULL DEFAULT '',
  after_json  text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON gateway.audit_log (target, id);

-- Bumped by every change to org units or users, in the same transaction, so
-- each gateway replica sees cheaply when to reload its directory.
CREATE TABLE gateway.directory_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint  NOT NULL
);
INSERT INTO gateway.directory_state (version) VALUES (1);

CREATE FUNCTION gateway.bump_directory_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE gateway.directory_state SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER org_units_changed AFTER INSERT OR UPDATE OR DELETE ON gateway.org_units
  FOR EACH STATEMENT EXECUTE FUNCTION gateway.bump_directory_version();
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON gateway.users
  FOR EACH STATEMENT EXECUTE FUNCTION gateway.bump_directory_version();

-- The organisation starts with its root and one administrator, who creates
-- the rest (rename the root with UpdateOrgUnit).
INSERT INTO gateway.org_units (id, parent_id, kind, display_name, path)
  VALUES ('hq', NULL, 1, 'Headquarters', ARRAY['hq']);
INSERT INTO gateway.users (id, type, display_name, org_unit_id, roles)
  VALUES ('admin', 1, 'Administrator', 'hq', ARRAY['hq_admin']);
