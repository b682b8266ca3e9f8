-- ddlgate:phase contract change=users-email
-- ddlgate:ignore-file prefer-text-over-varchar reason="legacy schema"
-- ddlgate:ignore ban-drop-column,ban-drop-table reason="column unused since v3" until=2027-01-31 owner=@data
ALTER TABLE users DROP COLUMN legacy_email;
DROP TABLE old_users; -- ddlgate:ignore ban-drop-table reason="archived in S3"
ALTER TABLE users
  -- ddlgate:ignore ban-rename-column reason="inside the statement"
  RENAME COLUMN a TO b;
-- ddlgate:ignore ban-truncate
SELECT '-- ddlgate:ignore not-a-directive';
-- ddlgate:ignore ban-truncate until=31/01/2027 reason="bad date"
-- ddlgate:ignore reason="no rules"
-- ddlgate:phase expand change=second
-- ddlgate:frobnicate everything
-- ddlgate:no-transaction please
-- mentions ddlgate:ignore in prose, not a directive
-- ddlgate:ignore ban-truncate reason="nothing follows"
