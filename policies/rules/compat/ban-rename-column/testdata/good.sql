CREATE TABLE teams (id bigint PRIMARY KEY, title text);
ALTER TABLE teams RENAME COLUMN title TO name;
ALTER TABLE users ADD COLUMN email_address text;
