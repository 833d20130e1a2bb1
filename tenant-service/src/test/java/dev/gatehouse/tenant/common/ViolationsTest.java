package dev.gatehouse.tenant.common;

import dev.gatehouse.tenant.internal.InternalResource;
import dev.gatehouse.tenant.sso.SsoRequests;
import dev.gatehouse.tenant.users.UserRequests;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Request bodies checked in code: every broken rule named in one 400, nested bodies and list elements included. */
class ViolationsTest {

    @Test
    void aMissingBodyIsRefusedByItsName() {
        assertThatThrownBy(() -> Violations.checked((UserRequests.NewUser) null, "request"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.title()).isEqualTo("Invalid request");
                    assertThat(e.getMessage()).isEqualTo("request: must not be null");
                });
    }

    @Test
    void everyBrokenRuleIsNamedSortedInOneRefusal() {
        var user = new UserRequests.NewUser("not-an-address", "n".repeat(201), null, null,
                List.of(new UserRequests.TenantGrant(" ", null)), null);
        assertThatThrownBy(() -> Violations.checked(user, "request")).hasMessage(
                "email: must be a well-formed email address; name: size must be between 0 and 200; tenantId: must not be blank");
    }

    @Test
    void aWellFormedBodyPasses() {
        var user = new UserRequests.NewUser("ada@example.com", "Ada", null, null, null, List.of("viewer"));
        assertThat(Violations.checked(user, "request")).isSameAs(user);
    }

    @Test
    void emailAddressesAreCheckedForShapeOnly() {
        for (String good : List.of("ada@example.com", "a.b+tag@sub.example.co.uk", "x@localhost", "o'neil@example.org",
                "ü@bücher.example", "ada@[192.0.2.1]")) {
            assertThatNoException().as(good).isThrownBy(() -> Violations.none().email("email", good).check());
        }
        for (String bad : List.of("ada", "ada@", "@example.com", "ada@@example.com", "a b@example.com", "ada@example..com",
                ".ada@example.com", "ada.@example.com", "ada@-example.com", "ada@example-.com", "ada@example.com\n")) {
            assertThatThrownBy(() -> Violations.none().email("email", bad).check()).as(bad)
                    .hasMessage("email: must be a well-formed email address");
        }
    }

    @Test
    void nestedBodiesAndListElementsAreChecked() {
        var body = new SsoRequests.ConnectionBody("ldap", new SsoRequests.SamlBody(null, null, null, null,
                Arrays.asList("", null), null, null, null, null), null,
                new SsoRequests.Mappings(new SsoRequests.AttributeMapping("", null, null, null, null),
                        Collections.singletonList(new SsoRequests.GroupMapping("admins", null))));
        assertThatThrownBy(() -> Violations.checked(body, "body")).hasMessage("certificates[]: must not be blank; "
                + "email: size must be between 1 and 256; role: must not be blank; type: must be saml or oidc");
    }

    @Test
    void patternsMustMatchWholly() {
        var entry = new InternalResource.AuditEntry("user:u1", "session.create", null, null, "successful", null, null, null);
        assertThatThrownBy(() -> Violations.checked(entry, "entry")).hasMessage("outcome: must match \"success|failure\"");
    }
}
