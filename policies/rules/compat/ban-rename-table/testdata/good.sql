-- A table created earlier in the same file has no users yet.
CREATE TABLE users_new (id bigint PRIMARY KEY);
ALTER TABLE public.users_new RENAME TO users2;
ALTER TABLE users RENAME COLUMN a TO b;
ALTER INDEX idx_users_a RENAME TO idx_users_b;
