-- options: runner=goose transaction_mode=wrapped
-- goose wraps the file in one transaction: SET LOCAL lasts until its end.
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN a text;
CREATE INDEX idx_users_a ON users (a);
