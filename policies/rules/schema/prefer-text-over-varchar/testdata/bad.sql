CREATE TABLE "Users" (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(255) NOT NULL, -- want "column public.Users.email is varchar.255."
  name character varying(80) -- want "column public.Users.name is varchar.80."
);
ALTER TABLE crm.contacts ADD COLUMN phone varchar(32); -- want "column crm.contacts.phone is varchar.32."
ALTER TABLE users ALTER COLUMN email TYPE varchar(320); -- want "column public.users.email is varchar.320."
