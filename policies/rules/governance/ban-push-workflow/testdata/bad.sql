-- options: path=.github/workflows/deploy.yml project_file=true
steps:
  - run: npx drizzle-kit push -- want "changes the schema without a migration"
