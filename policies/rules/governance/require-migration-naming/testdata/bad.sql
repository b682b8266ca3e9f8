-- options: path=db/migrations/add_orders.up.sql format=golang-migrate
CREATE TABLE orders (id bigint PRIMARY KEY); -- want "add_orders.up.sql does not follow the golang-migrate naming pattern"
