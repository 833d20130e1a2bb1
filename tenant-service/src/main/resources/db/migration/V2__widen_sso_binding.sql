-- SAML binding identifiers are URNs (urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect), longer than V1 allowed.
alter table sso_connection alter column saml_sso_binding type varchar(128);
