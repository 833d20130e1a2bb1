package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailsTest {

    @Test
    void mailGoesOnlyToAddressesWithATopLevelDomainAndNoControlCharacters() {
        assertThat(Emails.isDeliverable("zoë+tag@acme.example")).isTrue();
        assertThat(Emails.isDeliverable("a".repeat(64) + "@" + "b".repeat(240) + ".com")).isTrue();
        for (String wrong : new String[] {null, "", "user@localhost", "user@acme.", "@acme.com", "user@@acme.com",
                "us er@acme.com", "user@acme.com\r\nBcc: x@evil.example", "a".repeat(65) + "@acme.com",
                "a".repeat(64) + "@" + "b".repeat(252) + ".com"}) {
            assertThat(Emails.isDeliverable(wrong)).as(String.valueOf(wrong)).isFalse();
        }
    }

    @Test
    void aLoginIdOrHomeRealmHintIsAnyLocalAtDomain() {
        assertThat(Emails.isLoginId("user@localhost")).isTrue();
        assertThat(Emails.isLoginId("zoë@acme.example")).isTrue();
        for (String wrong : new String[] {null, "", "acme", "@acme.com", "user@", "a@b@c", "user@acme.com\n",
                "us\ter@acme.com"}) {
            assertThat(Emails.isLoginId(wrong)).as(String.valueOf(wrong)).isFalse();
        }
    }
}
