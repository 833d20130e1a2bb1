-- Domains prove ownership before they route anyone. Several tenants may hold a pending claim on one
-- domain; only one verified claim may exist. Domains claimed before this migration stay verified.
alter table sso_domain drop constraint sso_domain_pkey;
alter table sso_domain add column status varchar(8) not null default 'verified' check (status in ('verified', 'pending'));
alter table sso_domain add column verification_token varchar(64);
alter table sso_domain add column verified_at timestamptz;
alter table sso_domain add column last_checked_at timestamptz;
alter table sso_domain add primary key (domain, tenant_id);
create unique index sso_domain_verified_unique on sso_domain (domain) where status = 'verified';
