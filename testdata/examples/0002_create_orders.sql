CREATE TABLE orders (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    status     varchar(32) NOT NULL DEFAULT 'new',
    total      numeric(12, 2) NOT NULL
);

-- Forgot the primary key: the table cannot be replicated logically and rows
-- cannot be addressed reliably.
CREATE TABLE order_events (
    order_id bigint NOT NULL,
    payload  jsonb NOT NULL
);
