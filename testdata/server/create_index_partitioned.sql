-- case: CREATE INDEX on a partitioned table builds every partition's index under SHARE
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
INSERT INTO p SELECT g, g % 100 FROM generate_series(1, 1000) g;
ANALYZE p1;
-- statement:
CREATE INDEX p_k ON p (k);
-- rule: require-concurrent-index-creation
