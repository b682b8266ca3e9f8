CREATE TABLE ref.countries (
  code text PRIMARY KEY CHECK (length(code) = 2),
  kind "char" NOT NULL
);
ALTER TABLE orders ADD COLUMN currency text;
-- A column named char is fine.
ALTER TABLE orders ADD COLUMN "char" varchar;
