package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents over AWS IoT's size limits are refused from their text, before any parsing. */
class PolicySizeLimitsTest {

    private static final String SMALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/a\"}]}";

    /** A policy whose text has {@code padding} more non-white-space characters inside a resource id. */
    private static String withResourceOf(int idLength) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/" + "c".repeat(idLength) + "\"}]}";
    }

    @Test
    void fromJson_whenTenMegabytes_refusesWithLimitAndLengthBeforeParsing() {
        // Not even JSON past the first characters: only a length check can refuse it this way.
        String tenMegabytes = "{\"Statement\":[" + "x".repeat(10 * 1024 * 1024);

        assertThatThrownBy(() -> IotPolicy.fromJson(tenMegabytes))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageStartingWith("policy document: the document is 10,485,774 characters long")
                .hasMessageContaining("at most 404,600 characters")
                .hasMessageContaining("2,048 without white space");
    }

    @Test
    void fromJson_whenOneCharacterOverTheLimitWithoutWhiteSpace_namesLimitAndSize() {
        int base = withResourceOf(0).length();
        String over = withResourceOf(IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE - base + 1);

        assertThatThrownBy(() -> IotPolicy.fromJson(over))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("the document has 2,049 characters without white space")
                .hasMessageContaining("AWS IoT accepts at most 2,048")
                .satisfies(e -> assertThat(((PolicyDocumentException) e).pointer()).isEmpty());
    }

    @Test
    void fromJson_whenExactlyAtTheLimit_isRead() {
        int base = withResourceOf(0).length();
        String atLimit = withResourceOf(IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE - base);

        assertThat(IotPolicy.fromJson(atLimit).sizeWithoutWhitespace()).isEqualTo(2048);
    }

    @Test
    void fromJson_whenLargeOnlyThroughWhiteSpace_isRead() {
        String indented = SMALL.replace(",", ",\n" + " ".repeat(50_000));

        assertThat(IotPolicy.fromJson(indented)).isEqualTo(IotPolicy.fromJson(SMALL));
    }

    @Test
    void fromJsonUnchecked_appliesOnlyTheDocumentLengthBound() {
        String large = withResourceOf(5_000);
        String tooLong = withResourceOf(IotPolicy.MAX_DOCUMENT_LENGTH);

        assertThat(IotPolicy.fromJsonUnchecked(large).sizeWithoutWhitespace()).isGreaterThan(5_000);
        assertThatThrownBy(() -> IotPolicy.fromJsonUnchecked(tooLong))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("characters long")
                .hasMessageContaining("404,600");
    }

    @Test
    void lint_whenTenMegabytes_givesOneSizeErrorWithoutParsing() {
        String tenMegabytes = "[" + "{}".repeat(5 * 1024 * 1024);

        List<LintFinding> findings = PolicyLinter.lint(tenMegabytes);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("size-limit");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.message()).contains("10,485,761 characters long").contains("404,600");
        });
    }

    @Test
    void lint_whenOverTheLimitWithoutWhiteSpace_reportsTheSizeAndTheOtherFindings() {
        List<LintFinding> findings = PolicyLinter.lint(withResourceOf(3_000));

        assertThat(findings).extracting(LintFinding::ruleId).contains("size-limit");
    }
}
