-- The board: open requests whose response SLA the job has marked breached
-- and that no participant has acknowledged yet (overdue cards), per step in
-- due order. Small by nature: a row leaves it at the first acknowledgement.
-- Those breached since the job's last run are read from
-- requests_response_due.
CREATE INDEX requests_board_unanswered ON collaboration.requests (step, step_due_time)
  WHERE step < 5 AND acknowledge_time IS NULL AND response_breach_time IS NOT NULL;
