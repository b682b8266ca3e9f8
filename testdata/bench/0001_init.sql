-- Initial schema for the billing service.
CREATE EXTENSION IF NOT EXISTS "pgcrypto";

CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');

CREATE TABLE customers (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id   text NOT NULL,
    email         text NOT NULL,
    name          text,
    country_code  char(2),
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);

CREATE UNIQUE INDEX customers_external_id_key ON customers (external_id);
CREATE INDEX customers_email_idx ON customers (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE invoices (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id   uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    number        text NOT NULL,
    status        invoice_status NOT NULL DEFAULT 'draft',
    currency      varchar(3) NOT NULL,
    amount_due    numeric(18, 4) NOT NULL DEFAULT 0,
    amount_paid   numeric(18, 4) NOT NULL DEFAULT 0,
    issued_at     timestamptz,
    due_at        timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_amounts_check CHECK (amount_due >= 0 AND amount_paid >= 0)
);

CREATE UNIQUE INDEX invoices_number_key ON invoices (number);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
CREATE INDEX invoices_status_due_idx ON invoices (status, due_at);

CREATE TABLE invoice_lines (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id   uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description  text NOT NULL,
    quantity     integer NOT NULL DEFAULT 1,
    unit_amount  numeric(18, 4) NOT NULL,
    period_start timestamptz,
    period_end   timestamptz
);

CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
