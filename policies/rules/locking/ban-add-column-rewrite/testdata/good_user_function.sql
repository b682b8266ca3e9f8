-- history: CREATE TABLE users (id bigint PRIMARY KEY);
-- history: CREATE FUNCTION make_code() RETURNS text IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
-- A user function declared IMMUTABLE (or STABLE) in the history is stored once.
ALTER TABLE users ADD COLUMN code text DEFAULT make_code();
CREATE FUNCTION tenant() RETURNS text STABLE LANGUAGE sql AS $$ SELECT current_setting('app.tenant') $$;
ALTER TABLE users ADD COLUMN tenant text DEFAULT tenant();
