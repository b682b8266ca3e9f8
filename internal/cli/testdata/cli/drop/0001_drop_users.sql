CREATE TABLE accounts (id bigint PRIMARY KEY);

DROP TABLE users;
