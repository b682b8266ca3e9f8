CREATE TABLE payments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    invoice_id     uuid NOT NULL,
    provider       text NOT NULL,
    provider_ref   text NOT NULL,
    amount         numeric(18, 4) NOT NULL,
    currency       varchar(3) NOT NULL,
    succeeded      boolean NOT NULL DEFAULT false,
    failure_reason text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE payments
    ADD CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices (id);

CREATE UNIQUE INDEX payments_provider_ref_key ON payments (provider, provider_ref);
CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_set_updated_at
    BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
