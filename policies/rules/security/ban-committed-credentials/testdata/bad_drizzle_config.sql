-- options: path=drizzle.config.ts project_file=true
export default defineConfig({
  dialect: 'postgresql',
  dbCredentials: {
    host: 'prod-db.example.com',
    user: 'migrator',
    password: 'correct-horse', -- want "password for migrator@prod-db.example.com"
  },
});
