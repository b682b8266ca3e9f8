CREATE TABLE teams (id bigint NOT NULL, slug text);
ALTER TABLE teams ADD PRIMARY KEY (id);
ALTER TABLE "public"."teams" ADD CONSTRAINT teams_slug_key UNIQUE (slug);
