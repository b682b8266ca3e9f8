-- options: path=package.json project_file=true run_by=.github/workflows/deploy.yml:12
{"scripts": {"db:push": "drizzle-kit push"}}
