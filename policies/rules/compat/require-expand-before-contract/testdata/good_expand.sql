-- ddlgate:phase expand change=orders-status-enum
ALTER TABLE orders ADD COLUMN status_v2 text;
