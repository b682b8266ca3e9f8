-- case: DROP TABLE of a table with a foreign key takes ACCESS EXCLUSIVE on the referenced table (it drops the key's triggers)
-- setup:
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE t (id bigint PRIMARY KEY, c int CONSTRAINT t_c_fkey REFERENCES p (id));
INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE p, t;
-- statement:
DROP TABLE t;
-- rule: ban-drop-table
