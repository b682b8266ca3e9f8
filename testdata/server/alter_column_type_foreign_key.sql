-- case: ALTER COLUMN TYPE of a referenced column rebuilds the foreign key: ACCESS EXCLUSIVE on the referencing table too
-- setup:
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE t (id bigint PRIMARY KEY, c int CONSTRAINT t_c_fkey REFERENCES p (id));
INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE p, t;
-- statement:
ALTER TABLE p ALTER COLUMN id TYPE bigint;
-- rule: ban-column-type-rewrite
