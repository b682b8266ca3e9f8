-- options: path=.env project_file=true
DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app -- want "commits a database password for app@db.example.com"
