-- options: path=drizzle.config.ts project_file=true
export default defineConfig({
  schema: './src/db/schema.ts',
  out: './src/db/migrations', -- want "src/db/migrations does not exist"
});
