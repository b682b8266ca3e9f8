CREATE TABLE plans (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    interval    text NOT NULL CHECK (interval IN ('month', 'year')),
    amount      numeric(18, 4) NOT NULL,
    currency    varchar(3) NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscriptions (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id          uuid NOT NULL REFERENCES customers (id),
    plan_id              text NOT NULL REFERENCES plans (id),
    status               text NOT NULL DEFAULT 'active',
    current_period_start timestamptz NOT NULL,
    current_period_end   timestamptz NOT NULL,
    cancel_at            timestamptz,
    canceled_at          timestamptz,
    trial_end            timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX subscriptions_customer_id_idx ON subscriptions (customer_id);
CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);
CREATE INDEX subscriptions_period_end_idx ON subscriptions (current_period_end) WHERE status = 'active';

ALTER TABLE invoices ADD COLUMN subscription_id uuid;
ALTER TABLE invoices ADD CONSTRAINT invoices_subscription_id_fkey
    FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_subscription_id_fkey;
