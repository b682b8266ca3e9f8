-- options: checksum=ok
ALTER TABLE users ADD COLUMN email text;
