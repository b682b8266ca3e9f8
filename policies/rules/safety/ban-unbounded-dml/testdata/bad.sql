UPDATE users SET email_lower = lower(email); -- want "UPDATE without WHERE changes every row of public.users"
DELETE FROM "app"."Sessions"; -- want "DELETE without WHERE deletes every row of app.Sessions"
DELETE FROM sessions USING users; -- want "every row of public.sessions"
-- "Staging" is another table than staging.
CREATE TABLE "Staging" (id bigint, a int);
UPDATE staging SET a = 2; -- want "public.staging"
-- A DO block runs its body right away.
DO $$ BEGIN UPDATE users SET flag = true; END $$; -- want "UPDATE without WHERE changes every row of public.users"
