package io.github.fleetprov.policy.internal;

import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.PolicyVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled resource (or wildcard value): literal text, {@code *}/{@code ?} wildcards and policy
 * variables. Variables are substituted per request; substituted text is literal, and a variable AWS
 * IoT cannot substitute stays as its literal {@code ${...}} text, so it practically never matches.
 */
final class ResourcePattern {

    private enum Kind { ALL, EXACT, GLOB, TEMPLATE }

    private final String text;
    private final Kind kind;
    private final String literalPrefix;
    /** For GLOB: the literal text after the last wildcard, a cheap rejection test. */
    private final String literalSuffix;
    /** For TEMPLATE: literal strings and variables in order. */
    private final Object[] parts;
    /**
     * For TEMPLATE: the number of leading parts without wildcards, after which only literal parts
     * follow (their concatenation is {@link #tail}); -1 if a variable follows a wildcard.
     */
    private final int fixedParts;
    private final String tail;

    private ResourcePattern(String text, Kind kind, String literalPrefix, Object[] parts) {
        this.text = text;
        this.kind = kind;
        this.literalPrefix = literalPrefix;
        int lastWildcard = Math.max(text.lastIndexOf('*'), text.lastIndexOf('?'));
        this.literalSuffix = kind == Kind.GLOB ? text.substring(lastWildcard + 1) : "";
        this.parts = parts;
        int fixed = -1;
        String tailText = null;
        if (parts != null) {
            int firstWildcard = parts.length;
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] instanceof String literal && Glob.hasWildcard(literal)) {
                    firstWildcard = i;
                    break;
                }
            }
            StringBuilder t = new StringBuilder();
            boolean onlyLiterals = true;
            for (int i = firstWildcard; i < parts.length; i++) {
                if (parts[i] instanceof String literal) {
                    t.append(literal);
                } else {
                    onlyLiterals = false;
                }
            }
            if (onlyLiterals) {
                fixed = firstWildcard;
                tailText = t.toString();
            }
        }
        this.fixedParts = fixed;
        this.tail = tailText;
    }

    static ResourcePattern compile(String text) {
        if (text.equals("*")) {
            return new ResourcePattern(text, Kind.ALL, "", null);
        }
        List<VariableText.Occurrence> vars = VariableText.scan(text);
        List<Object> parts = new ArrayList<>();
        int from = 0;
        for (VariableText.Occurrence o : vars) {
            PolicyVariable v = PolicyVariable.tryParse(o.name()).orElse(null);
            if (v == null) {
                continue;
            }
            if (o.start() > from) {
                parts.add(text.substring(from, o.start()));
            }
            parts.add(v);
            from = o.end();
        }
        if (parts.isEmpty() || parts.stream().noneMatch(p -> p instanceof PolicyVariable)) {
            if (!Glob.hasWildcard(text)) {
                return new ResourcePattern(text, Kind.EXACT, text, null);
            }
            return new ResourcePattern(text, Kind.GLOB, prefixBeforeWildcard(text), null);
        }
        if (from < text.length()) {
            parts.add(text.substring(from));
        }
        String prefix = parts.get(0) instanceof String first ? prefixBeforeWildcard(first) : "";
        return new ResourcePattern(text, Kind.TEMPLATE, prefix, parts.toArray());
    }

    private static String prefixBeforeWildcard(String s) {
        int star = s.indexOf('*');
        int q = s.indexOf('?');
        int cut = star < 0 ? q : (q < 0 ? star : Math.min(star, q));
        return cut < 0 ? s : s.substring(0, cut);
    }

    String text() {
        return text;
    }

    boolean isExact() {
        return kind == Kind.EXACT;
    }

    /**
     * Whether the pattern covers a value for a connection.
     *
     * @param value the request's resource (or key value)
     * @param ctx the connection
     * @param missing collects unavailable variables; may be {@code null}
     * @return whether it matches
     */
    boolean matches(String value, ConnectionContext ctx, ContextValues.Missing missing) {
        return switch (kind) {
            case ALL -> true;
            case EXACT -> text.equals(value);
            case GLOB -> value.startsWith(literalPrefix) && value.endsWith(literalSuffix) && Glob.matches(text, value);
            default -> matchTemplate(value, ctx, missing);
        };
    }

    private boolean matchTemplate(String value, ConnectionContext ctx, ContextValues.Missing missing) {
        if (!value.startsWith(literalPrefix)) {
            return false;
        }
        if (fixedParts >= 0) {
            return matchFixedThenGlob(value, ctx, missing);
        }
        StringBuilder pattern = new StringBuilder(text.length() + 32);
        boolean[] literal = new boolean[text.length() + 64];
        boolean anyLiteral = false;
        for (Object part : parts) {
            if (part instanceof String literalPart) {
                pattern.append(literalPart);
                continue;
            }
            PolicyVariable v = (PolicyVariable) part;
            String sub = ContextValues.resolve(v, ctx, missing);
            if (sub == null) {
                sub = v.toString();
            }
            int start = pattern.length();
            pattern.append(sub);
            if (literal.length < pattern.length()) {
                literal = java.util.Arrays.copyOf(literal, pattern.length() * 2);
            }
            for (int i = start; i < pattern.length(); i++) {
                literal[i] = true;
                anyLiteral = true;
            }
        }
        return Glob.matches(pattern, 0, pattern.length(), value, 0, value.length(), anyLiteral ? literal : null);
    }

    /** Matches the wildcard-free leading parts in place, then the literal tail as a glob: no allocation. */
    private boolean matchFixedThenGlob(String value, ConnectionContext ctx, ContextValues.Missing missing) {
        int pos = 0;
        boolean matched = true;
        for (int i = 0; i < fixedParts; i++) {
            String piece;
            if (parts[i] instanceof String literal) {
                piece = literal;
            } else {
                PolicyVariable v = (PolicyVariable) parts[i];
                piece = ContextValues.resolve(v, ctx, missing);
                if (piece == null) {
                    // AWS IoT leaves the placeholder text in the policy.
                    piece = v.toString();
                }
            }
            if (matched && value.startsWith(piece, pos)) {
                pos += piece.length();
            } else {
                matched = false;
            }
        }
        if (!matched) {
            return false;
        }
        return Glob.matches(tail, 0, tail.length(), value, pos, value.length(), null);
    }

    /**
     * The pattern with variables substituted (unavailable ones left as {@code ${...}}), for string
     * conditions.
     */
    String substitute(ConnectionContext ctx, ContextValues.Missing missing) {
        if (kind != Kind.TEMPLATE) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 32);
        for (Object part : parts) {
            if (part instanceof String literal) {
                sb.append(literal);
            } else {
                PolicyVariable v = (PolicyVariable) part;
                String sub = ContextValues.resolve(v, ctx, missing);
                sb.append(sub == null ? v.toString() : sub);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
