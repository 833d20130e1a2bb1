-- A tenant can require a second factor of its members when they sign in other than through its own SSO.
alter table tenant add column mfa_required boolean not null default false;
