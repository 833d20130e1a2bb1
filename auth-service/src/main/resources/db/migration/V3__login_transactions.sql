-- A login in flight: created when the browser is sent to the upstream provider, consumed once when it comes
-- back. The state (OAuth) or RelayState (SAML) is stored as a hash.
create table login_transaction (
    state_hash       varchar(64)   primary key,
    kind             varchar(8)    not null check (kind in ('oauth', 'oidc', 'saml')),
    provider         varchar(100)  not null,
    tenant_id        varchar(64),
    redirect_url     varchar(2048) not null,
    nonce            varchar(128),
    code_verifier    varchar(128),
    saml_request_id  varchar(128),
    created_at       timestamptz   not null,
    expires_at       timestamptz   not null,
    used_at          timestamptz
);
create index login_transaction_expiry on login_transaction (expires_at);
create unique index login_transaction_saml_request on login_transaction (saml_request_id);
