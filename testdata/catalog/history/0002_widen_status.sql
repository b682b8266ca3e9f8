ALTER TABLE orders ALTER COLUMN status TYPE varchar(50);
