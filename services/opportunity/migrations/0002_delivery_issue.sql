-- 交付问题: a delivery delay or defect the customer raised (Activity.Type
-- DELIVERY_ISSUE = 8), which the scoring service counts as a health signal.
ALTER TABLE opportunity.activities DROP CONSTRAINT activities_type_check;
ALTER TABLE opportunity.activities ADD CONSTRAINT activities_type_check CHECK (type BETWEEN 1 AND 8);
