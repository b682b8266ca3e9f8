-- case: ADD COLUMN DEFAULT of a user function without a volatility (VOLATILE) rewrites the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
CREATE FUNCTION make_code() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN code text DEFAULT make_code();
-- rule: ban-add-column-rewrite
