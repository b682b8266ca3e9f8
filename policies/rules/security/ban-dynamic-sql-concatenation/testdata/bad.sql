CREATE OR REPLACE FUNCTION app.purge_partition(tbl text, older_than interval) RETURNS void
  LANGUAGE plpgsql
AS $$
DECLARE
  q text;
BEGIN
  EXECUTE 'DELETE FROM ' || tbl || ' WHERE created_at < now() - ' || quote_literal(older_than); -- want "EXECUTE in function app.purge_partition builds SQL from tbl without quoting"
  q := 'VACUUM ANALYZE ' || tbl;
  execute q; -- want "builds SQL from tbl without quoting .concatenated into q."
END
$$;
CREATE FUNCTION report_rows(tbl text) RETURNS SETOF record LANGUAGE plpgsql AS '
BEGIN
  RETURN QUERY EXECUTE ''SELECT * FROM '' || tbl; -- want "EXECUTE in function public.report_rows builds SQL from tbl"
END';
DO $do$
BEGIN
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA app TO %s', current_setting('app.reader')); -- want "EXECUTE in DO block builds SQL from current_setting"
END
$do$;
