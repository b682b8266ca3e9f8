-- Without history the dropped column's type is unknown: no finding.
ALTER TABLE users DROP COLUMN full_name;
ALTER TABLE users ADD COLUMN name text;
-- Different type, or different modifiers.
ALTER TABLE accounts ALTER COLUMN code TYPE varchar(10);
ALTER TABLE accounts DROP COLUMN code;
ALTER TABLE accounts ADD COLUMN ref varchar(20);
-- A column added earlier in the same file holds no old data.
ALTER TABLE orders ADD COLUMN tmp text;
ALTER TABLE orders DROP COLUMN tmp;
ALTER TABLE orders ADD COLUMN note text;
-- A table created in the same file.
CREATE TABLE drafts (id bigint PRIMARY KEY, title text);
ALTER TABLE drafts ALTER COLUMN title TYPE text;
ALTER TABLE drafts DROP COLUMN title;
ALTER TABLE drafts ADD COLUMN heading text;
