package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a statement: an operator, a condition key and the values to compare with, as in
 * {@code "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}}.
 *
 * <p>Several conditions of a statement must all hold; several values of one condition are
 * alternatives. The value list may be empty, which AWS documents for
 * {@code ForAllValues:StringEquals} on {@code iot:ConnectAttributes} (connect only with default
 * features); an empty list is kept and written back as {@code []}.
 *
 * @param operator the operator
 * @param key the condition key, e.g. {@code iot:ClientId} or {@code aws:SourceIp}
 * @param values the values (may contain policy variables); possibly empty, never {@code null}
 */
public record IotCondition(IotConditionOperator operator, String key, List<String> values) {

    /**
     * Validates and copies the values.
     *
     * @param operator the operator
     * @param key the condition key
     * @param values the values
     * @throws InvalidInputException if the key is empty
     */
    public IotCondition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        if (key.isEmpty()) {
            throw new InvalidInputException("Condition." + operator.value(), "the condition key is empty",
                    "Name a condition key such as iot:Connection.Thing.IsAttached or aws:SourceIp.");
        }
        values = List.copyOf(values);
    }

    /**
     * Creates a condition.
     *
     * @param operator the operator
     * @param key the condition key
     * @param values the values (none is allowed)
     * @return the condition
     */
    public static IotCondition create(IotConditionOperator operator, String key, String... values) {
        return new IotCondition(operator, key, Arrays.asList(values));
    }

    /**
     * Creates a condition.
     *
     * @param operator the operator
     * @param key the condition key
     * @param values the values (may be empty)
     * @return the condition
     */
    public static IotCondition create(IotConditionOperator operator, String key, Collection<String> values) {
        return new IotCondition(operator, key, List.copyOf(values));
    }

    /**
     * {@code "Bool": {"iot:Connection.Thing.IsAttached": "true"}}: the certificate must be attached to a
     * thing whose name is the client id.
     *
     * @return the condition
     */
    public static IotCondition thingIsAttached() {
        return create(IotConditionOperator.BOOL, PolicyVariable.IS_ATTACHED.name(), "true");
    }
}
