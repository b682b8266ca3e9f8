-- case: ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables and scans
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
ANALYZE p;
-- statement:
ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id);
-- rule: require-not-valid-foreign-key
