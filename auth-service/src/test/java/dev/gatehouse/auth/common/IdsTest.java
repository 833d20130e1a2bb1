package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void idsAreShortWordsOfLettersDigitsDashesAndUnderscores() {
        assertThat(Ids.isId("U2aBc_d-9")).isTrue();
        assertThat(Ids.isId("a".repeat(64))).isTrue();
        for (String wrong : new String[] {null, "", "a".repeat(65), "-leading", "_leading", "a b", "a/b", "a'b", "é", "a\nb"}) {
            assertThat(Ids.isId(wrong)).as(String.valueOf(wrong)).isFalse();
        }
    }

    @Test
    void aListIsBoundedAndEveryEntryChecked() {
        assertThat(Ids.areIds(List.of("u1", "u2"), 2)).isTrue();
        assertThat(Ids.areIds(List.of(), 2)).isTrue();
        assertThat(Ids.areIds(List.of("u1", "u2", "u3"), 2)).isFalse();
        assertThat(Ids.areIds(List.of("u1", "u 2"), 2)).isFalse();
        assertThat(Ids.areIds(new ArrayList<>(Collections.singletonList(null)), 2)).isFalse();
        assertThat(Ids.areIds(null, 2)).isFalse();
    }
}
