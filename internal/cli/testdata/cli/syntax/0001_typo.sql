CREATE TABLE ok (id bigint PRIMARY KEY);
CREAT TABLE broken (id int);
