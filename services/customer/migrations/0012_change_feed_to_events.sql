-- The change feed moves to the customer's libs/events outbox, customer.events
-- (created by that library's migrations, which run before these): each change
-- keeps its sequence and event id, so cursors handed out before go on where
-- they were. resource is "customers/{id}", type the CustomerChange.Type name,
-- payload the survivor's name for MERGED and UNMERGED.
INSERT INTO customer.events (sequence, event_id, type, resource, version, payload, time)
SELECT c.sequence, c.event_id,
       CASE c.type WHEN 1 THEN 'CREATED' WHEN 2 THEN 'UPDATED' WHEN 3 THEN 'DELETED'
                   WHEN 4 THEN 'UNDELETED' WHEN 5 THEN 'MERGED' WHEN 6 THEN 'UNMERGED' END,
       'customers/' || c.customer_id, c.version,
       CASE WHEN c.merged_into IS NULL THEN ''::bytea
            ELSE convert_to('customers/' || c.merged_into, 'UTF8') END,
       c.time
FROM customer.changes c ORDER BY c.sequence;
SELECT setval(pg_get_serial_sequence('customer.events', 'sequence'),
              greatest((SELECT max(sequence) FROM customer.events),
                       (SELECT last_value FROM customer.changes_sequence_seq), 1));
DROP TABLE customer.changes;

-- The old table's shape, read-only, for SQL that reads the feed by customer
-- (reports, tests).
CREATE VIEW customer.changes AS
SELECT e.sequence, e.event_id, substr(e.resource, 11)::uuid AS customer_id,
       (CASE e.type WHEN 'CREATED' THEN 1 WHEN 'UPDATED' THEN 2 WHEN 'DELETED' THEN 3
                    WHEN 'UNDELETED' THEN 4 WHEN 'MERGED' THEN 5 WHEN 'UNMERGED' THEN 6
                    ELSE 0 END)::smallint AS type,
       e.version,
       NULLIF(substr(convert_from(e.payload, 'UTF8'), 11), '')::uuid AS merged_into,
       e.time
FROM customer.events e;
