CREATE TABLE teams (id bigint PRIMARY KEY, legacy text);
ALTER TABLE teams DROP COLUMN legacy;
ALTER TABLE users ADD COLUMN nickname_v2 text;
