package io.keepwatch.config.bind;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Decimal seconds read digit by digit give what exact decimal arithmetic (java.math) gives. */
class DecimalSecondsTest {

    @Property(tries = 3000)
    void sameAsBigDecimal(@ForAll("decimals") String text, @ForAll("maxima") long maxSeconds) {
        BigDecimal value = new BigDecimal(text);
        long expected = value.compareTo(BigDecimal.valueOf(maxSeconds)) > 0 ? -1
                : value.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertThat(DecimalSeconds.micros(text, maxSeconds)).as(text + " within 0.." + maxSeconds).isEqualTo(expected);
        assertThat(DecimalSeconds.finerThanMicros(text)).as(text).isEqualTo(value.scale() > 6);
    }

    @Example
    void edges() {
        assertThat(DecimalSeconds.micros("1", 255)).isEqualTo(1_000_000);
        assertThat(DecimalSeconds.micros(".5", 255)).isEqualTo(500_000);
        assertThat(DecimalSeconds.micros("12.", 255)).isEqualTo(12_000_000);
        assertThat(DecimalSeconds.micros("0.0000005", 255)).isEqualTo(1);
        assertThat(DecimalSeconds.micros("0.0000004999", 255)).isZero();
        assertThat(DecimalSeconds.micros("255.000", 255)).isEqualTo(255_000_000);
        assertThat(DecimalSeconds.micros("255.0000001", 255)).isEqualTo(-1);
        assertThat(DecimalSeconds.micros("00000000000000000000000000001", 255)).isEqualTo(1_000_000);
        assertThat(DecimalSeconds.micros("99999999999999999999999", 255)).isEqualTo(-1);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> fraction = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> small = Arbitraries.longs().between(0, 4000).map(String::valueOf);
        return Arbitraries.oneOf(
                digits,
                Arbitraries.oneOf(digits, small).flatMap(w -> fraction.map(f -> w + "." + f)),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(12).map(f -> "." + f));
    }

    @Provide
    Arbitrary<Long> maxima() {
        return Arbitraries.of(1L, 40L, 255L, 1000L, 3600L, 4_000_000L);
    }
}
