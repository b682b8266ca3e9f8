-- history: CREATE TABLE users (id bigint PRIMARY KEY, name text, email text COLLATE "C"); CREATE INDEX users_name ON users (name); CREATE INDEX users_email ON users (email);
-- No index on the column, or the collation it already has: nothing is rebuilt.
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ALTER TABLE users ALTER COLUMN email TYPE text COLLATE "C";
ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ALTER COLUMN bio TYPE text COLLATE "C";
