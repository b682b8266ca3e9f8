-- Create the users table.
/* a block comment /* nested */ still comment */
CREATE TABLE users (id bigint PRIMARY KEY, email text);

	-- indented comment before the index
CREATE INDEX users_email_idx ON users (email) /* trailing comment before the semicolon */ ;
ALTER TABLE users
  ADD COLUMN name text; -- trailing comment on the same line
-- comment after the last statement
