-- case: ATTACH PARTITION skips the scan when a valid CHECK proves the bound
-- setup:
CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);
CREATE TABLE p2 (id bigint, k int);
INSERT INTO p2 SELECT g, 150 FROM generate_series(1, 1000) g;
ALTER TABLE p2 ADD CONSTRAINT p2_bound CHECK (k IS NOT NULL AND k >= 100 AND k < 200);
ANALYZE p2;
-- statement:
ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (100) TO (200);
-- no_rule: require-not-valid-check
