package io.github.fleetprov.policy.internal;

/**
 * Sizes of documents as AWS counts them, computed on the raw text before any parsing, so that an
 * oversized document is refused in time proportional to its length and never reaches a parser.
 */
public final class DocumentSize {

    private DocumentSize() {
    }

    /**
     * The characters of a text that are not white space: the size AWS IoT ({@code CreatePolicy}) and
     * IAM ({@code GetAccountSummary} quotas "in non-whitespace characters") count for a policy.
     *
     * @param text the raw document
     * @return the number of characters that are not white space
     */
    public static int withoutWhitespace(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Formats a count for messages, e.g. {@code 10,485,760}.
     *
     * @param n the count
     * @return the count with thousands separators
     */
    public static String format(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
