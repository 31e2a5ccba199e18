-- The customer feed's cursor moves to the follower tables of libs/events
-- (hierarchy.followed_feeds, created by that library's migrations, which run
-- before these), so the hierarchy goes on where it stood.
INSERT INTO hierarchy.followed_feeds (feed, token)
SELECT 'customer', token FROM hierarchy.feed_cursor
ON CONFLICT (feed) DO NOTHING;
DROP TABLE hierarchy.feed_cursor;
