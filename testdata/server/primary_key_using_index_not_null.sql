-- case: ADD PRIMARY KEY USING INDEX on a NOT NULL column does not scan
-- setup:
CREATE TABLE t (id bigint NOT NULL, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
CREATE UNIQUE INDEX t_id ON t (id);
ANALYZE t;
-- statement:
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id;
-- no_rule: require-safe-set-not-null
