package io.github.fleetprov.policy.internal;

import java.util.ArrayList;
import java.util.List;

/** Finds {@code ${name}} placeholders in resource and condition text. */
public final class VariableText {

    /**
     * A placeholder occurrence.
     *
     * @param start index of {@code $}
     * @param end index after {@code }}
     * @param name the text between the braces
     */
    public record Occurrence(int start, int end, String name) {
    }

    private VariableText() {
    }

    /**
     * All placeholders in order. An unterminated <code>${</code> is literal text.
     *
     * @param text the text
     * @return the occurrences
     */
    public static List<Occurrence> scan(String text) {
        List<Occurrence> out = null;
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                break;
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                break;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(new Occurrence(start, end + 1, text.substring(start + 2, end)));
            from = end + 1;
        }
        return out == null ? List.of() : out;
    }
}
