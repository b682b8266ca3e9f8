-- history: CREATE TABLE users (id bigint PRIMARY KEY); CREATE DOMAIN label AS text; CREATE DOMAIN positive AS int CHECK (VALUE > 0);
-- A domain without constraints stores like its base type.
ALTER TABLE users ADD COLUMN tag label;
ALTER TABLE users ADD COLUMN note label DEFAULT 'x';
-- A table created in this file has no rows to check.
CREATE TABLE scores (id bigint PRIMARY KEY);
ALTER TABLE scores ADD COLUMN points positive;
