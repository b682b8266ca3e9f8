-- +goose up
ALTER TABLE accounts ADD COLUMN note text
-- +goose down
ALTER TABLE accounts DROP COLUMN note;
