-- accounts replace users
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
