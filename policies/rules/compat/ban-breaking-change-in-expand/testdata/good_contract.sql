-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status;
ALTER TABLE orders RENAME COLUMN status_v2 TO status;
