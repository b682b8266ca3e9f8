-- options: path=prisma/schema.prisma project_file=true
datasource db { -- want "prisma/migrations does not exist"
  provider = "postgresql"
}
