-- Emergency revocation (issue #12): a revoked key leaves the JWKS at once and the sessions whose current tokens
-- it signed end. Each session remembers which key signed its current tokens.
alter table signing_key add column revoked_at timestamptz;
alter table auth_session add column signing_kid varchar(64);
create index auth_session_signing_kid on auth_session (signing_kid) where revoked_at is null;
