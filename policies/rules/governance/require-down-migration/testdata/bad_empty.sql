-- options: path=db/20240101_nickname.sql format=dbmate down=empty
-- migrate:up
ALTER TABLE users ADD COLUMN nickname text; -- want "is empty: rolling back does nothing"
-- migrate:down
