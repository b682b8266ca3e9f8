-- ddlgate:phase contract change=rename-users
ALTER TABLE users RENAME TO accounts;
