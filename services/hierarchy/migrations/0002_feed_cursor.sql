-- Where the hierarchy stands in the customer service's change feed: the
-- cursor after the last change whose facts it copied onto its nodes.
CREATE TABLE hierarchy.feed_cursor (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  token     text    NOT NULL
);
