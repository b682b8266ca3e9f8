BEGIN;

SET LOCAL lock_timeout = '3s';

CREATE TABLE usage_records (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    subscription_id uuid NOT NULL,
    meter           text NOT NULL,
    quantity        bigint NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    idempotency_key text NOT NULL,
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE usage_records_2024 PARTITION OF usage_records
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE usage_records_2025 PARTITION OF usage_records
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE INDEX usage_records_subscription_idx ON usage_records (subscription_id, recorded_at);
CREATE UNIQUE INDEX usage_records_idempotency_key ON usage_records (idempotency_key, recorded_at);

ALTER TABLE subscriptions ALTER COLUMN status SET DEFAULT 'trialing';

COMMIT;
