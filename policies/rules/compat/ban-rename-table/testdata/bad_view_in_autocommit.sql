-- options: runner=psql transaction_mode=none
-- Between the two statements the old name is missing.
ALTER TABLE users RENAME TO accounts; -- want "on public.users"
CREATE VIEW users AS SELECT * FROM accounts;
