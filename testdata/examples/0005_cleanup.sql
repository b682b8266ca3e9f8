-- Renaming a column breaks every running instance of the application that
-- still reads the old name.
ALTER TABLE orders RENAME COLUMN status TO order_status;

-- A reviewed waiver: the column has been unused since release 2024.10.
-- ddlgate:ignore ban-drop-column reason="unused since 2024.10, approved in CHG-1234"
ALTER TABLE accounts DROP COLUMN created_at;

DROP TABLE order_events;
