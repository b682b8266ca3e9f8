-- options: path=drizzle/meta/_journal.json project_file=true exists=drizzle/0000_init.sql
{"entries": [{"idx": 0, "tag": "0000_init"}]}
