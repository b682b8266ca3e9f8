-- options: path=drizzle.config.ts project_file=true exists=src/db/migrations committed=true
export default defineConfig({
  out: './src/db/migrations',
});
