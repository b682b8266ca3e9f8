ALTER TABLE users DROP COLUMN nickname; -- want "DROP COLUMN nickname deletes public.users.nickname and its data"
ALTER TABLE "public"."users" DROP COLUMN IF EXISTS avatar; -- want "public.users.avatar"
-- Each subcommand is reported on its own line.
ALTER TABLE users
  ADD COLUMN display_name text,
  DROP COLUMN legacy_a, -- want "DROP COLUMN legacy_a deletes public.users.legacy_a"
  DROP COLUMN legacy_b; -- want "DROP COLUMN legacy_b"
