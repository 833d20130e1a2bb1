-- The SAML SP key pair of this project: signs AuthnRequests for tenants that want them signed and
-- decrypts assertions for tenants that encrypt them. Its certificate is published in SP metadata.
create table saml_sp_key (
    id           varchar(16)  primary key,
    certificate  text         not null,
    private_key  text         not null,
    created_at   timestamptz  not null
);
