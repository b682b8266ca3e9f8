-- options: path=drizzle/meta/_journal.json project_file=true exists=drizzle/0000_init.sql
{"entries": [
  {"idx": 0, "tag": "0000_init"},
  {"idx": 1, "tag": "0001_orders"} -- want "drizzle/0001_orders.sql does not exist"
]}
