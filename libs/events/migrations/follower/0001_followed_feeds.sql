-- A follower of other services' feeds: per feed, the cursor after the last
-- page applied, written in the transaction that applied it; and the ids of
-- applied events, so a redelivered event is a no-op (pruned after a while).
CREATE TABLE {schema}.followed_feeds (
  feed        text        PRIMARY KEY,
  token       text        NOT NULL DEFAULT '',
  update_time timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE {schema}.followed_events (
  feed       text        NOT NULL,
  event_id   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (feed, event_id)
);
CREATE INDEX followed_events_applied ON {schema}.followed_events (applied_at);
