-- options: path=docker-compose.yml project_file=true
services:
  api:
    environment:
      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app
      PROD_URL: ${PROD_DATABASE_URL}
