package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptCommandTest {

    @Test
    void splitsOnBlanks() {
        assertThat(ScriptCommand.split("  /bin/check  -p 80 ")).containsExactly("/bin/check", "-p", "80");
    }

    @Test
    void quotesKeepBlanksInsideOneArgument() {
        assertThat(ScriptCommand.split("/bin/check 'a b' \"c d\" e'f g'"))
                .containsExactly("/bin/check", "a b", "c d", "ef g");
    }

    @Test
    void backslashTakesTheNextCharacter() {
        assertThat(ScriptCommand.split("/bin/echo a\\ b \"q\\\"x\"")).containsExactly("/bin/echo", "a b", "q\"x");
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> ScriptCommand.split("/bin/check 'oops"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }

    @Test
    void emptyIsAnError() {
        assertThatThrownBy(() -> ScriptCommand.split("   ")).isInstanceOf(IllegalArgumentException.class);
    }
}
