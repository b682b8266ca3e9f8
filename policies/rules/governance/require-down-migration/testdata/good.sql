-- options: path=db/0003_nickname.sql format=goose down=present
-- +goose Up
ALTER TABLE users ADD COLUMN nickname text;
-- +goose Down
ALTER TABLE users DROP COLUMN nickname;
