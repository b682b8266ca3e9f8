-- case: ALTER TABLE on a partitioned table takes its lock on every partition, nested ones too
-- setup:
CREATE TABLE m (id bigint NOT NULL, region int NOT NULL) PARTITION BY LIST (region);
CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);
CREATE TABLE m2 PARTITION OF m FOR VALUES IN (2) PARTITION BY LIST (id);
CREATE TABLE m2a PARTITION OF m2 FOR VALUES IN (1, 2, 3);
INSERT INTO m SELECT g % 3 + 1, 1 FROM generate_series(1, 1000) g;
ANALYZE m;
-- statement:
ALTER TABLE m ADD COLUMN note text;
