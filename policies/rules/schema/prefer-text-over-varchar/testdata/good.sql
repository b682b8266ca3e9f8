CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CHECK (length(email) <= 320),
  nickname varchar
);
ALTER TABLE users ALTER COLUMN email TYPE text;
