-- options: path=package.json project_file=true
"scripts": {"db:generate": "drizzle-kit generate", "db:migrate": "drizzle-kit migrate"}
