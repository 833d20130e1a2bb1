package dev.gatehouse.common.jwt;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Our claims as smallrye-jwt hands them over after verification (JSON-P values for custom claims). */
class SessionClaimsTest {

    @Test
    void readsTenantRolesMethodsAndPendingTenants() throws Exception {
        JsonWebToken token = token("""
                {"sub":"U1","drn":"DS","name":"Ada","auth_time":1796199021,"acr":"urn:gatehouse:loa:2","email":"ada@acme.example","dct":"T-acme",
                 "amr":["oauth","totp"],"mfa_pending":["T-beta"],
                 "tenants":{"T-acme":{"roles":["Tenant Admin","viewer"],"permissions":[]},"T-beta":{}}}""");

        assertThat(SessionClaims.string(token, "drn")).isEqualTo("DS");
        assertThat(SessionClaims.string(token, "email")).isEqualTo("ada@acme.example");
        assertThat(SessionClaims.string(token, "name")).isEqualTo("Ada");
        assertThat(SessionClaims.epochSeconds(token, "auth_time")).isEqualTo(1796199021L);
        assertThat(SessionClaims.string(token, "acr")).isEqualTo("urn:gatehouse:loa:2");
        assertThat(SessionClaims.strings(token, "amr")).containsExactly("oauth", "totp");
        assertThat(SessionClaims.strings(token, "mfa_pending")).containsExactly("T-beta");
        assertThat(SessionClaims.tenantRoles(token)).containsExactly(
                Map.entry("T-acme", List.of("Tenant Admin", "viewer")), Map.entry("T-beta", List.of()));
    }

    @Test
    void claimsOfAnUnexpectedShapeGrantNothing() throws Exception {
        JsonWebToken token = token("""
                {"sub":"U1","drn":["DS"],"amr":"oauth","mfa_pending":{"T-beta":true},
                 "tenants":{"T-acme":{"roles":"Tenant Admin"},"T-beta":["Tenant Admin"],"T-gamma":{"roles":[1,null,"viewer"]}}}""");

        assertThat(SessionClaims.string(token, "drn")).isNull();
        assertThat(SessionClaims.string(token, "missing")).isNull();
        assertThat(SessionClaims.epochSeconds(token, "auth_time")).isZero();
        assertThat(SessionClaims.strings(token, "amr")).isEmpty();
        assertThat(SessionClaims.strings(token, "mfa_pending")).isEmpty();
        assertThat(SessionClaims.tenantRoles(token)).containsExactly(Map.entry("T-acme", List.of()),
                Map.entry("T-beta", List.of()), Map.entry("T-gamma", List.of("viewer")));
    }

    @Test
    void aTokenWithoutTenantsHasNoRoles() throws Exception {
        assertThat(SessionClaims.tenantRoles(token("{\"sub\":\"U1\"}"))).isEmpty();
    }

    private static JsonWebToken token(String json) throws Exception {
        return new DefaultJWTCallerPrincipal(JwtClaims.parse(json));
    }
}
