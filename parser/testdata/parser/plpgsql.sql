-- golden: runner=psql
CREATE FUNCTION purge(tbl text, days int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  q text;
  n integer := 7;
BEGIN
  EXECUTE 'DELETE FROM ' || tbl || ' WHERE age > ' || days;
  EXECUTE format('DELETE FROM %I WHERE id = %L', tbl, n);
  q := 'TRUNCATE ' || tbl;
  IF days > 0 THEN
    execute q;
  END IF;
  EXECUTE 'VACUUM ' || quote_ident(tbl) USING n;
END
$$;
CREATE OR REPLACE FUNCTION app.grant_to(role_name text)
  RETURNS void
  SECURITY DEFINER
  SET search_path = pg_catalog
  AS 'BEGIN EXECUTE ''GRANT SELECT ON t TO '' || role_name; END'
  LANGUAGE plpgsql;
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';
DO $do$
BEGIN
  EXECUTE format('ALTER TABLE %s OWNER TO app', current_setting('app.table'));
END
$do$;
DO LANGUAGE plpgsql $$BEGIN RETURN QUERY EXECUTE 'SELECT 1'; END$$;
ALTER FUNCTION app.grant_to(text) SECURITY DEFINER;
ALTER FUNCTION purge(text, int) SET search_path = pg_catalog, public, pg_temp;
ALTER PROCEDURE app.p() RESET search_path;
