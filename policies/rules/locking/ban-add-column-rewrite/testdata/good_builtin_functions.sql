-- Built-in functions are judged by pg_proc's volatility, not an allow-list:
-- none of these defaults rewrites the table (testdata/server/add_column_default_*.sql).
ALTER TABLE users ADD COLUMN code text DEFAULT lpad('7', 3, '0');
ALTER TABLE users ADD COLUMN hex text DEFAULT encode('\x01'::bytea, 'hex');
ALTER TABLE users ADD COLUMN label text DEFAULT format('%s-%s', 'a', 'b');
ALTER TABLE users ADD COLUMN doc jsonb DEFAULT to_jsonb('x'::text);
ALTER TABLE users ADD COLUMN counts int[] DEFAULT array_fill(0, ARRAY[3]);
ALTER TABLE users ADD COLUMN created_xid bigint DEFAULT txid_current();
ALTER TABLE users ADD COLUMN digest bytea DEFAULT public.digest('x', 'sha256');
