ALTER TABLE users ALTER COLUMN phone DROP NOT NULL; -- want "DROP NOT NULL on public.users.phone lets NULL into a column"
ALTER TABLE "app"."Users" ALTER COLUMN "Phone" DROP NOT NULL, ALTER COLUMN fax DROP NOT NULL; -- want "app.Users.Phone" -- want "app.Users.fax"
