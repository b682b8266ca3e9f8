CREATE OR REPLACE FUNCTION app.grant_access(user_id bigint) RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
  INSERT INTO app.grants (user_id) VALUES (user_id);
END
$$;
CREATE FUNCTION app.audit() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION app.now_utc() RETURNS timestamptz LANGUAGE sql AS $$ SELECT now() $$;
-- Pinned by a later ALTER FUNCTION in the same file.
CREATE FUNCTION app.purge() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ DELETE FROM app.sessions $$;
ALTER FUNCTION app.purge() SET search_path = pg_catalog, app, pg_temp;
-- A function of an earlier migration: its settings are unknown.
ALTER FUNCTION app.legacy() SECURITY DEFINER;
