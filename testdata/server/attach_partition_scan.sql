-- case: ATTACH PARTITION locks the partition ACCESS EXCLUSIVE and scans it without a CHECK proving the bound
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p2 (id bigint, k int);
INSERT INTO p2 SELECT g, 150 FROM generate_series(1, 1000) g;
ANALYZE p2;
-- statement:
ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (100) TO (200);
-- rule: require-not-valid-check
