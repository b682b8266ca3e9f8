-- case: SET ACCESS METHOD rewrites the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
-- statement:
ALTER TABLE t SET ACCESS METHOD heap2;
-- rule: ban-table-rewrite
