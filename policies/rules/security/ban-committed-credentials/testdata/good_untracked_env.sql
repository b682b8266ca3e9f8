-- options: path=.env project_file=true committed=false
DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app
