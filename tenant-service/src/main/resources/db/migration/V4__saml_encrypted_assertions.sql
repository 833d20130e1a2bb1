-- A tenant may have its IdP encrypt assertions to our SP certificate; then unencrypted ones are refused.
alter table sso_connection add column saml_encrypt_assertions boolean not null default false;
