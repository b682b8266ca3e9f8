-- options: path=package.json project_file=true
"scripts": {"db:sync": "drizzle-kit push"} -- want "changes the schema without a migration"
