-- case: CREATE INDEX CONCURRENTLY on a partitioned table fails
-- runner: psql
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
INSERT INTO p SELECT g, g % 100 FROM generate_series(1, 1000) g;
ANALYZE p1;
-- statement:
CREATE INDEX CONCURRENTLY p_k ON p (k);
-- fails: cannot create index on partitioned table "p" concurrently
-- rule: ban-concurrent-index-on-partitioned-table
