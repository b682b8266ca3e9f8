-- case: ADD PRIMARY KEY USING INDEX on a nullable column sets NOT NULL with a scan under ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
CREATE UNIQUE INDEX t_id ON t (id);
ANALYZE t;
-- statement:
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id;
-- rule: require-safe-set-not-null
