ALTER TABLE accounts ADD COLUMN d int;
