-- history: CREATE TABLE users (id bigint, email text); CREATE UNIQUE INDEX users_id ON users (id);
-- PRIMARY KEY ... USING INDEX sets NOT NULL on id, scanning the table under ACCESS EXCLUSIVE.
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id; -- want "ADD PRIMARY KEY ... USING INDEX sets NOT NULL on a nullable column: setting public.users.id scans the whole table"
