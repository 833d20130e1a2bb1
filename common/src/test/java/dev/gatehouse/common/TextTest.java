package dev.gatehouse.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void longTextIsCutAndShortTextAndNullAreKept() {
        assertThat(Text.atMost("abcdef", 4)).isEqualTo("abcd");
        assertThat(Text.atMost("abcd", 4)).isEqualTo("abcd");
        assertThat(Text.atMost("", 4)).isEmpty();
        assertThat(Text.atMost(null, 4)).isNull();
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertThat(Text.atMost("abc" + emoji + "d", 4)).isEqualTo("abc");
        assertThat(Text.atMost("abc" + emoji + "d", 5)).isEqualTo("abc" + emoji);
        assertThat(Text.atMost(emoji.repeat(3), 3)).isEqualTo(emoji);
    }

    @Test
    void aBaseUrlLosesAllItsTrailingSlashesAndNothingElse() {
        for (String url : new String[] {"http://localhost:8081", "http://localhost:8081/", "http://a.example/p//", "///", ""}) {
            assertThat(Text.withoutTrailingSlashes(url)).as(url).isEqualTo(url.replaceAll("/+$", ""));
        }
        assertThat(Text.withoutTrailingSlashes("http://a.example/p//")).isEqualTo("http://a.example/p");
    }
}
