ALTER TABLE accounts ADD COLUMN name text;
