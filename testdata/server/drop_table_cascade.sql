-- case: DROP TABLE ... CASCADE of a referenced table drops the keys that reference it: ACCESS EXCLUSIVE on their tables
-- setup:
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE t (id bigint PRIMARY KEY, c int CONSTRAINT t_c_fkey REFERENCES p (id));
INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE p, t;
-- statement:
DROP TABLE p CASCADE;
-- rule: ban-drop-table
