-- case: CREATE TABLE ... REFERENCES takes SHARE ROW EXCLUSIVE on the referenced table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
ANALYZE p;
-- statement:
CREATE TABLE q (id bigint PRIMARY KEY, p_id int REFERENCES p (id));
