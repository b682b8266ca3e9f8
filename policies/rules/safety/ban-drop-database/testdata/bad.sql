DROP DATABASE analytics; -- want "DROP DATABASE analytics deletes the whole database"
DROP DATABASE IF EXISTS "Scratch" WITH (FORCE); -- want "DROP DATABASE Scratch"
