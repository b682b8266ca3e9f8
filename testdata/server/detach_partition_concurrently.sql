-- case: DETACH PARTITION CONCURRENTLY takes SHARE UPDATE EXCLUSIVE
-- setup:
CREATE TABLE m (id bigint NOT NULL, region int NOT NULL) PARTITION BY LIST (region);
CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);
INSERT INTO m SELECT g, 1 FROM generate_series(1, 1000) g;
ANALYZE m;
-- statement:
ALTER TABLE m DETACH PARTITION m1 CONCURRENTLY;
-- no_rule: require-concurrent-detach-partition
