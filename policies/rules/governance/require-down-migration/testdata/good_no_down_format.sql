-- options: path=drizzle/0003_nickname.sql format=drizzle
ALTER TABLE users ADD COLUMN nickname text;
