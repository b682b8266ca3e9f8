-- case: EXECUTE of a constant CREATE INDEX inside a DO block builds the index under SHARE
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, state text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 1000) g;
ANALYZE orders;
-- statement:
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'orders_state') THEN
    EXECUTE 'CREATE INDEX orders_state ON orders (state)';
  END IF;
END $$;
-- rule: require-concurrent-index-creation
