CREATE OR REPLACE FUNCTION app.purge_partition(tbl text, older_than interval) RETURNS void
  LANGUAGE plpgsql
AS $$
DECLARE
  q text;
  batch integer := 1000;
BEGIN
  EXECUTE format('DELETE FROM %I WHERE created_at < now() - $1', tbl) USING older_than;
  EXECUTE 'DELETE FROM ' || quote_ident(tbl) || ' WHERE ctid IN (SELECT ctid FROM ' || tbl::regclass || ' LIMIT ' || batch || ')';
  q := format('VACUUM ANALYZE %I', tbl);
  EXECUTE q;
END
$$;
-- SQL functions are not dynamic SQL, even when they concatenate strings.
CREATE FUNCTION label(name text) RETURNS text LANGUAGE sql AS $$ SELECT 'EXECUTE ' || name $$;
DO $$
BEGIN
  EXECUTE 'ANALYZE app.orders';
END
$$;
