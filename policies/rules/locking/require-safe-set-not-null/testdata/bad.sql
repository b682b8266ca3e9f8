ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want "SET NOT NULL on public.users.email scans the whole table while holding an ACCESS EXCLUSIVE lock"
CREATE TABLE "Users" (id bigint PRIMARY KEY, email text);
ALTER TABLE public.users ALTER COLUMN name SET NOT NULL; -- want "public.users.name"
ALTER TABLE accounts
  ALTER COLUMN owner_id SET DEFAULT 0,
  ALTER COLUMN owner_id SET NOT NULL; -- want "public.accounts.owner_id"
