package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached profile's parse is remembered by its text: the same text gives the same user, any change a new parse. */
class ClaimsStoreParseTest {

    private static final String PROFILE = "{\"userId\":\"U1\",\"email\":\"a@example.com\",\"status\":\"enabled\","
            + "\"claims\":{\"tenants\":{\"T1\":{\"roles\":[\"Viewer\"],\"permissions\":[],\"mfaRequired\":false}},"
            + "\"roles\":[],\"permissions\":[]}}";

    private final ClaimsStore store = store();

    @Test
    void theSameTextIsParsedOnce() {
        UserProfile first = store.parse(PROFILE);
        assertThat(first.claims().tenants().get("T1").roles()).containsExactly("Viewer");
        assertThat(store.parse(new String(PROFILE.toCharArray()))).isSameAs(first);
    }

    @Test
    void aChangedProfileIsParsedAgain() {
        UserProfile viewer = store.parse(PROFILE);
        UserProfile admin = store.parse(PROFILE.replace("\"Viewer\"", "\"Viewer\",\"Tenant Admin\""));
        assertThat(admin.claims().tenants().get("T1").roles()).containsExactly("Viewer", "Tenant Admin");
        UserProfile disabled = store.parse(PROFILE.replace("enabled", "disabled"));
        assertThat(disabled.enabled()).isFalse();
        assertThat(store.parse(PROFILE)).isSameAs(viewer);
    }

    @Test
    void anUnreadableProfileIsNullEveryTime() {
        String broken = PROFILE.substring(0, 40);
        assertThat(store.parse(broken)).isNull();
        assertThat(store.parse(broken)).isNull();
    }

    @Test
    void manyUsersStayCorrectPastTheBound() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(store.parse(PROFILE.replace("U1", "U" + i)).userId()).isEqualTo("U" + i);
        }
        assertThat(store.parse(PROFILE).userId()).isEqualTo("U1");
    }

    private static ClaimsStore store() {
        ClaimsStore store = new ClaimsStore();
        store.json = new ObjectMapper();
        return store;
    }
}
