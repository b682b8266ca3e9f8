-- case: DETACH PARTITION locks the parent and the partition ACCESS EXCLUSIVE
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
INSERT INTO p SELECT g, g % 100 FROM generate_series(1, 1000) g;
ANALYZE p1;
-- statement:
ALTER TABLE p DETACH PARTITION p1;
-- rule: require-concurrent-detach-partition
