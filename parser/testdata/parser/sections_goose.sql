-- golden: runner=goose sections=goose
-- ddlgate:phase expand change=add-nickname
-- +goose Up
-- +goose StatementBegin
ALTER TABLE users ADD COLUMN nickname text;
-- +goose StatementEnd

-- +goose Down
-- ddlgate:ignore ban-drop-column reason="down migration"
ALTER TABLE users DROP COLUMN nickname;
