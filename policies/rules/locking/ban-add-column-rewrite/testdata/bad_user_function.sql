-- history: CREATE TABLE users (id bigint PRIMARY KEY);
-- history: CREATE FUNCTION make_code() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
-- Without a volatility, CREATE FUNCTION declares VOLATILE: every row gets its own value.
ALTER TABLE users ADD COLUMN code text DEFAULT make_code(); -- want "volatile default make_code.. is evaluated for every row"
ALTER TABLE users ADD COLUMN other text DEFAULT unknown_function(); -- want "volatile default unknown_function"
