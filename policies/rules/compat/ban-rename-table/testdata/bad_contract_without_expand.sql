-- ddlgate:phase contract change=rename-users
ALTER TABLE users RENAME TO accounts; -- want "RENAME TO accounts on public.users"
