package io.github.fleetprov.policy.internal;

/**
 * IAM-style wildcard matching: {@code *} matches any sequence (including {@code /} and nothing),
 * {@code ?} matches one character, everything else (including MQTT's {@code +} and {@code #}) is literal.
 */
public final class Glob {

    private Glob() {
    }

    /**
     * Matches a whole text against a pattern.
     *
     * @param pattern the pattern with {@code *} and {@code ?}
     * @param text the text
     * @return whether the pattern covers the whole text
     */
    public static boolean matches(String pattern, String text) {
        return matches(pattern, 0, pattern.length(), text, 0, text.length(), null);
    }

    /**
     * Matches a region of a text against a region of a pattern. Where {@code literal} is non-null,
     * pattern characters at positions with {@code literal[i] == true} are literal even if they are
     * {@code *} or {@code ?} (they came from a substituted variable value).
     *
     * @param p the pattern
     * @param pStart first pattern index
     * @param pEnd pattern end (exclusive)
     * @param t the text
     * @param tStart first text index
     * @param tEnd text end (exclusive)
     * @param literal per pattern position, whether the character is literal; or {@code null}
     * @return whether the pattern region covers the text region
     */
    static boolean matches(CharSequence p, int pStart, int pEnd, CharSequence t, int tStart, int tEnd,
            boolean[] literal) {
        int pi = pStart;
        int ti = tStart;
        int starP = -1;
        int starT = -1;
        while (ti < tEnd) {
            if (pi < pEnd) {
                char pc = p.charAt(pi);
                boolean lit = literal != null && literal[pi];
                if (pc == '*' && !lit) {
                    starP = pi++;
                    starT = ti;
                    continue;
                }
                if ((pc == '?' && !lit) || pc == t.charAt(ti)) {
                    pi++;
                    ti++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP + 1;
            ti = ++starT;
        }
        while (pi < pEnd && p.charAt(pi) == '*' && (literal == null || !literal[pi])) {
            pi++;
        }
        return pi == pEnd;
    }

    /**
     * Whether the pattern contains a wildcard character.
     *
     * @param pattern the pattern
     * @return {@code true} if it has {@code *} or {@code ?}
     */
    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }
}
