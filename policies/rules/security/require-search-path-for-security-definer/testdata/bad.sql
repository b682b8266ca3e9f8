CREATE OR REPLACE FUNCTION app.grant_access(user_id bigint) RETURNS void -- want "SECURITY DEFINER function app.grant_access does not set search_path"
  LANGUAGE plpgsql
  SECURITY DEFINER
AS $$
BEGIN
  INSERT INTO grants (user_id) VALUES (user_id);
END
$$;
CREATE FUNCTION "Audit"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET work_mem = '16MB' AS $$ BEGIN RETURN NEW; END $$; -- want "function public.Audit does not set search_path"
CREATE FUNCTION app.rotate_keys() RETURNS void LANGUAGE sql AS $$ DELETE FROM app.keys WHERE expired $$;
ALTER FUNCTION app.rotate_keys() SECURITY DEFINER; -- want "SECURITY DEFINER function app.rotate_keys does not set search_path"
