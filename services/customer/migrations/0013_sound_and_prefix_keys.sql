-- Two more ways to find duplicate candidates: the trade name's Mandarin sound
-- (sound_key, SoundKey of rules/chinese_readings.h: 柳钛 and 柳太 are both
-- "liu.tai."), and the trade name as a prefix of longer ones (a short form
-- such as 华信 for 华信能源), read as a byte-order range so that a prepared
-- generic plan can use the index whatever the database's collation.
ALTER TABLE customer.customers ADD COLUMN sound_key text;
CREATE INDEX customers_sound_key ON customer.customers (sound_key) WHERE state = 1;
CREATE INDEX customers_trade_key_prefix ON customer.customers (trade_key COLLATE "C")
  WHERE state = 1;

-- The name rules changed (regions from the GB/T 2260 list, traditional
-- characters folded): every row is keyed again by the service at start-up
-- (DuplicateFinder::Backfill), sound keys included.
UPDATE customer.customers SET name_key = NULL;
