ALTER TABLE accounts ADD COLUMN b int;
