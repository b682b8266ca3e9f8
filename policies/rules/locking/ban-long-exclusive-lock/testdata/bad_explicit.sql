-- options: runner=psql transaction_mode=none
BEGIN;
ALTER TABLE users RENAME COLUMN a TO b; -- want "on public.users and holds it while 1 more statement runs"
CREATE INDEX idx_users_b ON users (b);
COMMIT;
