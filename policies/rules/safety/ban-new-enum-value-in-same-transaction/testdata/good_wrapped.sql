-- options: runner=goose transaction_mode=wrapped
-- Other values, label ordering, and an enum created in the same transaction.
ALTER TYPE order_state ADD VALUE 'refunded';
ALTER TYPE order_state ADD VALUE 'void' AFTER 'refunded';
UPDATE orders SET state = 'paid' WHERE id = 1;
CREATE TYPE mood AS ENUM ('happy');
ALTER TYPE mood ADD VALUE 'sad';
CREATE TABLE people (m mood DEFAULT 'sad');
