-- options: runner=goose transaction_mode=wrapped
-- Another table, an INSERT, and a table created in this file.
ALTER TABLE users ADD COLUMN email_lower text;
UPDATE orders SET note = '' WHERE id < 10;
INSERT INTO users (email) VALUES ('a@example.com');
CREATE TABLE "Users" (id bigint PRIMARY KEY, a text);
CREATE INDEX ON "Users" (a);
UPDATE "Users" SET a = 'x';
