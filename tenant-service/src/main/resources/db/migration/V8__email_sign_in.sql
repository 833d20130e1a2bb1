-- Sign-in by email (one-time codes, magic links): the address itself is the identity, proven by the mail.
alter table external_identity drop constraint external_identity_kind_check;
alter table external_identity add constraint external_identity_kind_check check (kind in ('oauth', 'oidc', 'saml', 'email'));
-- A tenant can require its SSO for the addresses of its verified domains: email sign-in is then refused for them.
alter table tenant add column sso_required boolean not null default false;
