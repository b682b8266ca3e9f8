CREATE TABLE "Customers" (
    id bigint PRIMARY KEY,
    email text NOT NULL
);

CREATE TABLE public.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    status varchar(20),
    amount numeric(10, 2),
    code integer,
    created_at timestamp NOT NULL DEFAULT now()
);
