-- options: path=db/0003_nickname.sql format=goose down=missing
-- +goose Up
ALTER TABLE users ADD COLUMN nickname text; -- want "has no down migration"
