-- ddlgate:phase contract change=rename-users-email
ALTER TABLE users RENAME COLUMN email TO email_address; -- want "RENAME COLUMN email TO email_address on public.users"
