package io.github.fleetprov.template;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.fleetprov.core.InvalidInputException;

/**
 * A list-valued value in a provisioning template: a JSON array of {@link Expression}s, or
 * {@code {"Fn::Split": [delimiter, source]}}. Lists are the arguments of {@code Fn::Join} and
 * {@code Fn::Select}.
 */
public sealed interface ListExpression permits ListExpression.Items, ListExpression.Split {

    /**
     * A JSON array of values.
     *
     * @param items the values
     * @return the list
     */
    static ListExpression of(Expression... items) {
        return new Items(Arrays.asList(items));
    }

    /**
     * A JSON array of values.
     *
     * @param items the values
     * @return the list
     */
    static ListExpression of(List<Expression> items) {
        return new Items(items);
    }

    /**
     * {@code {"Fn::Split": [delimiter, source]}}.
     *
     * @param delimiter the separator, not empty
     * @param source the string to split
     * @return the split
     */
    static ListExpression split(String delimiter, Expression source) {
        return new Split(delimiter, source);
    }

    /**
     * A JSON array of values.
     *
     * @param items the values
     */
    record Items(List<Expression> items) implements ListExpression {
        /**
         * Creates a list.
         *
         * @param items the values
         */
        public Items {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }
    }

    /**
     * {@code {"Fn::Split": [delimiter, source]}}.
     *
     * @param delimiter the separator, not empty
     * @param source the string to split
     */
    record Split(String delimiter, Expression source) implements ListExpression {
        /**
         * Creates a split.
         *
         * @param delimiter the separator, not empty
         * @param source the string to split
         */
        public Split {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(source, "source");
            if (delimiter.isEmpty()) {
                throw new InvalidInputException("Fn::Split", "the delimiter is empty", "Give a delimiter such as \",\".");
            }
        }
    }
}
