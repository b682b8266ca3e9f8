-- options: runner=ddlgate transaction_mode=wrapped
-- ddlgate apply sets lock_timeout itself.
ALTER TABLE users ADD COLUMN a text;
