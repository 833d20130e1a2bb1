-- Each SAML assertion ID is accepted once per tenant (replay protection), remembered until the assertion
-- could no longer be valid anyway. In PostgreSQL so that every replica sees every use.
create table saml_assertion_seen (
    tenant_id     varchar(64)  not null,
    assertion_id  varchar(256) not null,
    expires_at    timestamptz  not null,
    primary key (tenant_id, assertion_id)
);
create index saml_assertion_seen_expiry on saml_assertion_seen (expires_at);
