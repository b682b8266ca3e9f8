-- ddlgate:phase contract change=optional-users-phone
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
