package io.keepwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetnsConditionTest {

    @Test
    void rootRuns() {
        assertThat(NetnsCondition.decide(true, "true", "t").isDisabled()).isFalse();
        assertThat(NetnsCondition.decide(true, null, "t").isDisabled()).isFalse();
    }

    @Test
    void notRootSkipsOutsideCi() {
        assertThat(NetnsCondition.decide(false, null, "t").isDisabled()).isTrue();
        assertThat(NetnsCondition.decide(false, "false", "t").isDisabled()).isTrue();
    }

    @Test
    void notRootFailsLoudlyInCi() {
        assertThatThrownBy(() -> NetnsCondition.decide(false, "true", "someTest"))
                .hasMessageContaining("need root").hasMessageContaining("someTest");
    }
}
