package io.github.fleetprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionsTest {

    @Test
    void invalidInput_messageIsFieldProblemFix_andNotRetryable() {
        InvalidInputException e = new InvalidInputException("thingName", "the name is empty", "Give a thing name.");

        assertThat(e).hasMessage("thingName: the name is empty. Give a thing name.")
                .isInstanceOf(FleetProvisioningException.class)
                .isInstanceOf(RuntimeException.class);
        assertThat(e.field()).isEqualTo("thingName");
        assertThat(e.problem()).isEqualTo("the name is empty");
        assertThat(e.fix()).isEqualTo("Give a thing name.");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void invalidInput_withoutFix_hasNoTrailingText() {
        assertThat(new InvalidInputException("f", "bad.", null)).hasMessage("f: bad.");
        assertThat(new InvalidInputException("f", "bad.", null).fix()).isEmpty();
    }
}
