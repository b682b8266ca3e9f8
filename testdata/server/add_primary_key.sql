-- case: ADD PRIMARY KEY builds an index under ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint NOT NULL, c int);
INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
-- statement:
ALTER TABLE t ADD PRIMARY KEY (id);
-- rule: ban-unique-constraint-build
