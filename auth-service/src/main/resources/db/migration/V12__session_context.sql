-- Where a session was started from, for the user's and the admins' session lists ("Your sessions").
alter table auth_session add column client_address varchar(64);
alter table auth_session add column user_agent varchar(300);
