-- options: path=package.json project_file=true
{"scripts": {"start": "prisma db push && node server.js"}} -- want "on every deploy"
