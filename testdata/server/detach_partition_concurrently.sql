-- case: DETACH PARTITION CONCURRENTLY locks the parent SHARE UPDATE EXCLUSIVE and requests ACCESS EXCLUSIVE on the partition
-- min_pg: 14
-- runner: psql
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
INSERT INTO p SELECT g, g % 100 FROM generate_series(1, 1000) g;
ANALYZE p1;
-- statement:
ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;
-- no_rule: require-concurrent-detach-partition
