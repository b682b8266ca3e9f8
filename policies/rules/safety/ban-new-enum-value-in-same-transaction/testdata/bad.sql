-- options: runner=goose transaction_mode=wrapped
ALTER TYPE order_state ADD VALUE 'refunded';
ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded'; -- want "'refunded' was added to enum public.order_state at line 2 in this same transaction"
ALTER TABLE refunds ADD CONSTRAINT refunds_state CHECK (state = 'refunded'::order_state) NOT VALID; -- want "unsafe use of new value"
UPDATE orders SET state = 'refunded' WHERE id IN (SELECT order_id FROM refunds); -- want "'refunded' was added"
