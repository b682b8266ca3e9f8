-- options: runner=atlas
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want "builds an index on public.users" help "^CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users \\(email\\);\n-- Move it to its own migration file that starts with `-- atlas:txmode none`\\.\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;$"
