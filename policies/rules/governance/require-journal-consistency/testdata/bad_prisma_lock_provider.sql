-- options: path=prisma/migrations/migration_lock.toml project_file=true
provider = "sqlite" -- want "generated for sqlite, not PostgreSQL"
