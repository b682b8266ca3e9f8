-- options: path=prisma/schema.prisma project_file=true
datasource db {
  provider = "postgresql"
  url      = "postgresql://admin:hunter2@prod.internal:5432/app" -- want "password for admin@prod.internal [(]postgresql:"
}
