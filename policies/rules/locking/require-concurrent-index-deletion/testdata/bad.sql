DROP INDEX idx_orders_user; -- want "DROP INDEX public.idx_orders_user takes an ACCESS EXCLUSIVE lock"
DROP INDEX IF EXISTS billing.idx_payments_user; -- want "DROP INDEX billing.idx_payments_user"
-- An index created in this file on another schema's table does not make public's index new.
CREATE INDEX idx_events_kind ON audit.events (kind);
DROP INDEX idx_events_kind; -- want "public.idx_events_kind"
