-- TOTP second factor (RFC 6238): the secret sealed with the key-encryption key; each time step accepted once.
create table totp_factor (
    user_id          varchar(64)  primary key,
    secret_sealed    text         not null,
    last_step        bigint       not null default 0,
    failed_attempts  integer      not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz  not null
);

-- Ten single-use recovery codes per enrolment, shown once, stored as hashes.
create table recovery_code (
    user_id    varchar(64)  not null,
    code_hash  varchar(64)  not null,
    used_at    timestamptz,
    primary key (user_id, code_hash)
);
