-- ddlgate:phase contract change=remove-nickname
ALTER TABLE users DROP COLUMN nickname;
