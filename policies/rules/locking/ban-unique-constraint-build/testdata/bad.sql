ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want "ADD UNIQUE builds an index on public.users while holding an ACCESS EXCLUSIVE lock"
ALTER TABLE accounts ADD PRIMARY KEY (id); -- want "ADD PRIMARY KEY builds an index on public.accounts"
ALTER TABLE users ADD COLUMN referral_code text UNIQUE; -- want "ADD UNIQUE builds an index on public.users"
