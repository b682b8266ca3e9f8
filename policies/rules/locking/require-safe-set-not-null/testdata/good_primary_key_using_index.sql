-- history: CREATE TABLE users (id bigint NOT NULL, email text); CREATE UNIQUE INDEX users_id ON users (id);
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id;
