ALTER TABLE accounts ADD COLUMN a int;
