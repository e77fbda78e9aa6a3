package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import java.util.Set;

/**
 * A condition operator of the IAM policy language, as AWS IoT policies use it: {@code StringEquals},
 * {@code StringLike}, {@code Bool}, {@code IpAddress}, {@code ArnEquals}, {@code Null}, ..., optionally
 * with a {@code ForAllValues:} or {@code ForAnyValue:} set qualifier and an {@code IfExists} suffix.
 *
 * <p>An open value set: {@link #create(String)} accepts operators fleetprov does not know, which the
 * evaluator then treats as never satisfied. Immutable; equal when the text is equal.
 */
public final class IotConditionOperator {

    /** How an operator treats a condition key with several values. */
    public enum SetQualifier {
        /** Single-valued comparison. */
        NONE(""),
        /** {@code ForAllValues:}: every value of the key must satisfy the operator (true for no values). */
        FOR_ALL_VALUES("ForAllValues:"),
        /** {@code ForAnyValue:}: at least one value of the key must satisfy the operator. */
        FOR_ANY_VALUE("ForAnyValue:");

        private final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }

        /** @return the prefix as written, e.g. {@code ForAllValues:}, or empty */
        public String prefix() {
            return prefix;
        }
    }

    private static final Set<String> KNOWN_BASES = Set.of(
            "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
            "StringLike", "StringNotLike",
            "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
            "NumericGreaterThan", "NumericGreaterThanEquals",
            "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
            "DateGreaterThan", "DateGreaterThanEquals",
            "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
            "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");

    /** {@code StringEquals}. */
    public static final IotConditionOperator STRING_EQUALS = create("StringEquals");
    /** {@code StringNotEquals}. */
    public static final IotConditionOperator STRING_NOT_EQUALS = create("StringNotEquals");
    /** {@code StringEqualsIgnoreCase}. */
    public static final IotConditionOperator STRING_EQUALS_IGNORE_CASE = create("StringEqualsIgnoreCase");
    /** {@code StringNotEqualsIgnoreCase}. */
    public static final IotConditionOperator STRING_NOT_EQUALS_IGNORE_CASE = create("StringNotEqualsIgnoreCase");
    /** {@code StringLike}: {@code *} and {@code ?} wildcards. */
    public static final IotConditionOperator STRING_LIKE = create("StringLike");
    /** {@code StringNotLike}. */
    public static final IotConditionOperator STRING_NOT_LIKE = create("StringNotLike");
    /** {@code NumericEquals}. */
    public static final IotConditionOperator NUMERIC_EQUALS = create("NumericEquals");
    /** {@code NumericNotEquals}. */
    public static final IotConditionOperator NUMERIC_NOT_EQUALS = create("NumericNotEquals");
    /** {@code NumericLessThan}. */
    public static final IotConditionOperator NUMERIC_LESS_THAN = create("NumericLessThan");
    /** {@code NumericLessThanEquals}. */
    public static final IotConditionOperator NUMERIC_LESS_THAN_EQUALS = create("NumericLessThanEquals");
    /** {@code NumericGreaterThan}. */
    public static final IotConditionOperator NUMERIC_GREATER_THAN = create("NumericGreaterThan");
    /** {@code NumericGreaterThanEquals}. */
    public static final IotConditionOperator NUMERIC_GREATER_THAN_EQUALS = create("NumericGreaterThanEquals");
    /** {@code DateEquals}. */
    public static final IotConditionOperator DATE_EQUALS = create("DateEquals");
    /** {@code DateNotEquals}. */
    public static final IotConditionOperator DATE_NOT_EQUALS = create("DateNotEquals");
    /** {@code DateLessThan}. */
    public static final IotConditionOperator DATE_LESS_THAN = create("DateLessThan");
    /** {@code DateLessThanEquals}. */
    public static final IotConditionOperator DATE_LESS_THAN_EQUALS = create("DateLessThanEquals");
    /** {@code DateGreaterThan}. */
    public static final IotConditionOperator DATE_GREATER_THAN = create("DateGreaterThan");
    /** {@code DateGreaterThanEquals}. */
    public static final IotConditionOperator DATE_GREATER_THAN_EQUALS = create("DateGreaterThanEquals");
    /** {@code Bool}. */
    public static final IotConditionOperator BOOL = create("Bool");
    /** {@code BinaryEquals}. */
    public static final IotConditionOperator BINARY_EQUALS = create("BinaryEquals");
    /** {@code IpAddress}: CIDR ranges. */
    public static final IotConditionOperator IP_ADDRESS = create("IpAddress");
    /** {@code NotIpAddress}. */
    public static final IotConditionOperator NOT_IP_ADDRESS = create("NotIpAddress");
    /** {@code ArnEquals}. */
    public static final IotConditionOperator ARN_EQUALS = create("ArnEquals");
    /** {@code ArnLike}. */
    public static final IotConditionOperator ARN_LIKE = create("ArnLike");
    /** {@code ArnNotEquals}. */
    public static final IotConditionOperator ARN_NOT_EQUALS = create("ArnNotEquals");
    /** {@code ArnNotLike}. */
    public static final IotConditionOperator ARN_NOT_LIKE = create("ArnNotLike");
    /** {@code Null}: {@code "true"} if the key must be absent, {@code "false"} if it must be present. */
    public static final IotConditionOperator NULL = create("Null");

    private final String value;
    private final SetQualifier qualifier;
    private final String baseName;
    private final boolean ifExists;

    private IotConditionOperator(String value, SetQualifier qualifier, String baseName, boolean ifExists) {
        this.value = value;
        this.qualifier = qualifier;
        this.baseName = baseName;
        this.ifExists = ifExists;
    }

    /**
     * Parses an operator as written in a policy, e.g. {@code ForAllValues:StringEquals} or
     * {@code StringLikeIfExists}.
     *
     * @param value the operator text
     * @return the operator
     * @throws InvalidInputException if the text is empty or has an unknown {@code ...:} prefix
     */
    public static IotConditionOperator create(String value) {
        Objects.requireNonNull(value, "value");
        String rest = value;
        SetQualifier qualifier = SetQualifier.NONE;
        if (rest.startsWith(SetQualifier.FOR_ALL_VALUES.prefix())) {
            qualifier = SetQualifier.FOR_ALL_VALUES;
            rest = rest.substring(SetQualifier.FOR_ALL_VALUES.prefix().length());
        } else if (rest.startsWith(SetQualifier.FOR_ANY_VALUE.prefix())) {
            qualifier = SetQualifier.FOR_ANY_VALUE;
            rest = rest.substring(SetQualifier.FOR_ANY_VALUE.prefix().length());
        }
        if (rest.isEmpty() || !rest.matches("[A-Za-z]+")) {
            throw new InvalidInputException("Condition", "'" + value + "' is not a condition operator",
                    "Use an IAM condition operator such as StringEquals, StringLike, Bool or IpAddress, "
                            + "optionally prefixed with ForAllValues: or ForAnyValue:.");
        }
        boolean ifExists = rest.endsWith("IfExists") && !rest.equals("IfExists");
        String base = ifExists ? rest.substring(0, rest.length() - "IfExists".length()) : rest;
        return new IotConditionOperator(value, qualifier, base, ifExists);
    }

    /**
     * With a set qualifier: {@code STRING_EQUALS.forAllValues()} is {@code ForAllValues:StringEquals}.
     *
     * @return the qualified operator
     */
    public IotConditionOperator forAllValues() {
        return create(SetQualifier.FOR_ALL_VALUES.prefix() + baseName + (ifExists ? "IfExists" : ""));
    }

    /**
     * With a set qualifier: {@code STRING_EQUALS.forAnyValue()} is {@code ForAnyValue:StringEquals}.
     *
     * @return the qualified operator
     */
    public IotConditionOperator forAnyValue() {
        return create(SetQualifier.FOR_ANY_VALUE.prefix() + baseName + (ifExists ? "IfExists" : ""));
    }

    /**
     * With the {@code IfExists} suffix: true when the key is absent.
     *
     * @return the operator with {@code IfExists}
     */
    public IotConditionOperator ifExists() {
        return create(qualifier.prefix() + baseName + "IfExists");
    }

    /** @return the operator text, e.g. {@code ForAnyValue:StringLikeIfExists} */
    public String value() {
        return value;
    }

    /** @return the operator without qualifier and suffix, e.g. {@code StringLike} */
    public String baseName() {
        return baseName;
    }

    /** @return the set qualifier */
    public SetQualifier setQualifier() {
        return qualifier;
    }

    /** @return whether the operator ends in {@code IfExists} */
    public boolean isIfExists() {
        return ifExists;
    }

    /** @return whether fleetprov knows the base operator (unknown ones never match when evaluated) */
    public boolean isKnown() {
        return KNOWN_BASES.contains(baseName) && !(baseName.equals("Null") && ifExists);
    }

    /** @return whether the operator is a negated one ({@code StringNotEquals}, {@code NotIpAddress}, ...) */
    public boolean isNegated() {
        return baseName.contains("Not") && !baseName.equals("Null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IotConditionOperator other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** @return the operator text */
    @Override
    public String toString() {
        return value;
    }
}
