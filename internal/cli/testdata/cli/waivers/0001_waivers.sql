-- ddlgate:ignore ban-drop-table reason="users moved to accounts in #42"
DROP TABLE users;

-- ddlgate:ignore ban-drop-column reason="nothing to drop here"
CREATE TABLE audit (id bigint PRIMARY KEY);

-- ddlgate:ignore ban-drop-tabel reason="typo"
DROP TABLE legacy;
