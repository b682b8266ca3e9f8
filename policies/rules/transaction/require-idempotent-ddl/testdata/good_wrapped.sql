-- options: runner=goose transaction_mode=wrapped
CREATE TABLE audit_log (id bigint PRIMARY KEY);
DROP TABLE legacy;
