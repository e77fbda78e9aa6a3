package io.github.fleetprov.samples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static Args parse(String... argv) {
        return Args.parse(argv, Set.of("--devices", "--region"), Set.of("--json", "--aws"));
    }

    @Test
    void parse_readsOptionsBothWaysAndFlags() {
        Args args = parse("--devices", "40", "--json", "--region=eu-west-1");

        assertThat(args.intOption("--devices", 25, 1, 100)).isEqualTo(40);
        assertThat(args.option("--region")).contains("eu-west-1");
        assertThat(args.flag("--json")).isTrue();
        assertThat(args.flag("--aws")).isFalse();
    }

    @Test
    void intOption_whenAbsent_returnsTheDefault() {
        assertThat(parse().intOption("--devices", 25, 1, 100)).isEqualTo(25);
    }

    @Test
    void parse_whenArgumentIsUnknown_namesItAndListsTheKnownOnes() {
        assertThatThrownBy(() -> parse("--device", "3"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--device: is not an argument")
                .hasMessageContaining("--devices");
    }

    @Test
    void parse_whenOptionHasNoValue_namesTheOption() {
        assertThatThrownBy(() -> parse("--devices", "--json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--devices: has no value");
    }

    @Test
    void intOption_whenNotANumberOrOutOfRange_saysTheRange() {
        assertThatThrownBy(() -> parse("--devices", "many").intOption("--devices", 25, 1, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'many' is not a number")
                .hasMessageContaining("from 1 to 100");
        assertThatThrownBy(() -> parse("--devices", "0").intOption("--devices", 25, 1, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("0 is out of range");
    }

    @Test
    void parse_whenHelpIsAsked_throwsHelpRequestedWithTheProgramsUsage() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--devices", "abc", "--help"}, "usage: Demo [--devices N]",
                Set.of("--devices"), Set.of()))
                .isInstanceOfSatisfying(Args.HelpRequested.class,
                        e -> assertThat(e.usage()).isEqualTo("usage: Demo [--devices N]\n"));
        assertThatThrownBy(() -> parse("-h"))
                .isInstanceOfSatisfying(Args.HelpRequested.class, e -> assertThat(e.usage())
                        .isEqualTo("usage: [--aws] [--devices VALUE] [--json] [--region VALUE] [--help]\n"));
    }

    @Test
    void parse_whenArgumentIsUnknown_pointsToHelp() {
        assertThatThrownBy(() -> parse("--bogus"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--help");
    }
}
