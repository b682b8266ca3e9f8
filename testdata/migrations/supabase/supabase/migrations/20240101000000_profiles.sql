CREATE TABLE profiles (id uuid PRIMARY KEY);
