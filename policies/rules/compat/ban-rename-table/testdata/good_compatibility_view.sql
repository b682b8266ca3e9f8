-- options: runner=goose transaction_mode=wrapped
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
