-- case: DETACH PARTITION takes ACCESS EXCLUSIVE on the parent
-- setup:
CREATE TABLE m (id bigint NOT NULL, region int NOT NULL) PARTITION BY LIST (region);
CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);
INSERT INTO m SELECT g, 1 FROM generate_series(1, 1000) g;
ANALYZE m;
-- statement:
ALTER TABLE m DETACH PARTITION m1;
-- rule: require-concurrent-detach-partition
