-- case: VALIDATE CONSTRAINT (foreign key) takes SHARE UPDATE EXCLUSIVE, ROW SHARE on the referenced table, and scans
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p SELECT g FROM generate_series(1, 1000) g;
ANALYZE p;
ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) NOT VALID;
-- statement:
ALTER TABLE t VALIDATE CONSTRAINT f;
-- no_rule: require-not-valid-foreign-key
