package io.github.fleetprov.policy.internal;

import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotConditionOperator;
import io.github.fleetprov.policy.PolicyVariable;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** A condition compiled for evaluation, with the IAM semantics of operators, qualifiers and {@code IfExists}. */
final class CompiledCondition {

    private enum Op {
        STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, NUMERIC_EQUALS, NUMERIC_LESS_THAN,
        NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS, DATE_EQUALS, DATE_LESS_THAN,
        DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS, BOOL, BINARY_EQUALS, IP_ADDRESS,
        ARN_LIKE, NULL, UNKNOWN
    }

    final IotCondition condition;
    private final Op op;
    private final boolean negated;
    private final IotConditionOperator.SetQualifier qualifier;
    private final boolean ifExists;
    private final PolicyVariable keyVariable;
    private final ResourcePattern[] values;

    CompiledCondition(IotCondition condition) {
        this.condition = condition;
        IotConditionOperator operator = condition.operator();
        String base = operator.baseName();
        this.qualifier = operator.setQualifier();
        this.ifExists = operator.isIfExists();
        this.negated = operator.isNegated();
        this.op = operator.isKnown() ? toOp(base) : Op.UNKNOWN;
        this.keyVariable = PolicyVariable.tryParse(condition.key()).orElse(null);
        this.values = condition.values().stream().map(ResourcePattern::compile).toArray(ResourcePattern[]::new);
    }

    private static Op toOp(String base) {
        return switch (base) {
            case "StringEquals", "StringNotEquals" -> Op.STRING_EQUALS;
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> Op.STRING_EQUALS_IGNORE_CASE;
            case "StringLike", "StringNotLike" -> Op.STRING_LIKE;
            case "NumericEquals", "NumericNotEquals" -> Op.NUMERIC_EQUALS;
            case "NumericLessThan" -> Op.NUMERIC_LESS_THAN;
            case "NumericLessThanEquals" -> Op.NUMERIC_LESS_THAN_EQUALS;
            case "NumericGreaterThan" -> Op.NUMERIC_GREATER_THAN;
            case "NumericGreaterThanEquals" -> Op.NUMERIC_GREATER_THAN_EQUALS;
            case "DateEquals", "DateNotEquals" -> Op.DATE_EQUALS;
            case "DateLessThan" -> Op.DATE_LESS_THAN;
            case "DateLessThanEquals" -> Op.DATE_LESS_THAN_EQUALS;
            case "DateGreaterThan" -> Op.DATE_GREATER_THAN;
            case "DateGreaterThanEquals" -> Op.DATE_GREATER_THAN_EQUALS;
            case "Bool" -> Op.BOOL;
            case "BinaryEquals" -> Op.BINARY_EQUALS;
            case "IpAddress", "NotIpAddress" -> Op.IP_ADDRESS;
            case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike" -> Op.ARN_LIKE;
            case "Null" -> Op.NULL;
            default -> Op.UNKNOWN;
        };
    }

    /** Request values of the key, or {@code null} if absent. */
    List<String> requestValues(ConnectionContext ctx, IotAction action) {
        return ContextValues.keyValues(condition.key(), keyVariable, ctx, action, null);
    }

    boolean holds(ConnectionContext ctx, IotAction action, ContextValues.Missing missing) {
        List<String> request = ContextValues.keyValues(condition.key(), keyVariable, ctx, action, missing);
        if (op == Op.NULL) {
            boolean absent = request == null || request.isEmpty();
            for (ResourcePattern v : values) {
                if (Boolean.parseBoolean(v.text()) == absent) {
                    return true;
                }
            }
            return false;
        }
        if (op == Op.UNKNOWN) {
            return false;
        }
        switch (qualifier) {
            case FOR_ALL_VALUES:
                if (request == null || request.isEmpty()) {
                    return true;
                }
                for (String r : request) {
                    if (matchesAny(r, ctx, missing) == negated) {
                        return false;
                    }
                }
                return true;
            case FOR_ANY_VALUE:
                if (request == null || request.isEmpty()) {
                    return ifExists && request == null;
                }
                for (String r : request) {
                    if (matchesAny(r, ctx, missing) != negated) {
                        return true;
                    }
                }
                return false;
            default:
                if (request == null || request.isEmpty()) {
                    if (!ifExists && !negated && missing != null) {
                        missing.add("condition key " + condition.key() + " (no value in the connection context)");
                    }
                    return ifExists || negated;
                }
                boolean any = false;
                for (String r : request) {
                    if (matchesAny(r, ctx, missing)) {
                        any = true;
                        break;
                    }
                }
                return any != negated;
        }
    }

    private boolean matchesAny(String requestValue, ConnectionContext ctx, ContextValues.Missing missing) {
        for (ResourcePattern v : values) {
            if (matches(requestValue, v, ctx, missing)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String request, ResourcePattern policy, ConnectionContext ctx,
            ContextValues.Missing missing) {
        return switch (op) {
            case STRING_EQUALS -> policy.substitute(ctx, missing).equals(request);
            case STRING_EQUALS_IGNORE_CASE, BOOL -> policy.substitute(ctx, missing).equalsIgnoreCase(request);
            case STRING_LIKE -> policy.matches(request, ctx, missing);
            case BINARY_EQUALS -> policy.text().equals(request);
            case IP_ADDRESS -> inCidr(request, policy.substitute(ctx, missing));
            case ARN_LIKE -> arnLike(policy.substitute(ctx, missing), request);
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN,
                    NUMERIC_GREATER_THAN_EQUALS -> compare(number(request), number(policy.substitute(ctx, missing)));
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN,
                    DATE_GREATER_THAN_EQUALS -> compare(date(request), date(policy.substitute(ctx, missing)));
            default -> false;
        };
    }

    private <T extends Comparable<T>> boolean compare(T request, T policy) {
        if (request == null || policy == null) {
            return false;
        }
        int c = request.compareTo(policy);
        return switch (op) {
            case NUMERIC_EQUALS, DATE_EQUALS -> c == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> c < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> c <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> c > 0;
            default -> c >= 0;
        };
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant date(String s) {
        try {
            if (s.matches("-?\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(s));
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** ArnLike/ArnEquals: each of the six colon-separated parts is matched with wildcards. */
    static boolean arnLike(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return Glob.matches(pattern, arn);
        }
        for (int i = 0; i < 6; i++) {
            if (!Glob.matches(p[i], a[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether an IP address is in a CIDR block (or equals an address). Never resolves host names. */
    static boolean inCidr(String ip, String cidr) {
        int slash = cidr.indexOf('/');
        String net = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] a = literalAddress(ip);
        byte[] n = literalAddress(net);
        if (a == null || n == null || a.length != n.length) {
            return false;
        }
        int bits = a.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > a.length * 8) {
                return false;
            }
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] literalAddress(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || !t.matches("[0-9a-f:.]+")) {
            return null;
        }
        if (t.indexOf(':') < 0 && !t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
