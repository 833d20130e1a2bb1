-- Encrypted assertions use AES-GCM unless a tenant's IdP can only do AES-CBC and the tenant says so; auth-service
-- then also demands a signed Response, so no ciphertext reaches the decryptor unauthenticated (padding oracles).
alter table sso_connection add column saml_allow_cbc boolean not null default false;
