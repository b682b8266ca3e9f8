-- history: CREATE TABLE users (id bigint PRIMARY KEY); CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE DOMAIN required AS text NOT NULL;
-- A domain with constraints is checked on every row: the table is rewritten.
ALTER TABLE users ADD COLUMN score positive; -- want "ADD COLUMN score rewrites public.users .* the domain positive has constraints"
ALTER TABLE users ADD COLUMN code required DEFAULT 'x'; -- want "the domain required has constraints"
