-- options: path=drizzle.config.ts project_file=true
export default defineConfig({
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL! },
});
