package io.github.fleetprov.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.fleetprov.core.InvalidInputException;

/**
 * A string-valued value in a provisioning template: a literal, or one of the intrinsic functions
 * AWS documents for templates ({@code Ref}, {@code Fn::Join}, {@code Fn::Select}, {@code
 * Fn::FindInMap}, {@code Fn::Sub}). {@code Fn::Split} yields a list and is a {@link ListExpression}.
 *
 * <p>Build expressions with the static factories and nest them freely:
 * <pre>{@code
 * Expression name = Expression.join("", Expression.literal("ThingPrefix_"), Expression.ref("SerialNumber"));
 * }</pre>
 */
public sealed interface Expression
        permits Expression.Literal, Expression.Ref, Expression.Join, Expression.Select,
                Expression.FindInMap, Expression.Sub {

    /**
     * A literal string.
     *
     * @param value the text
     * @return the literal
     */
    static Expression literal(String value) {
        return new Literal(value);
    }

    /**
     * {@code {"Ref": name}}: the value of a declared parameter or of a pseudo-parameter.
     *
     * @param name the parameter name
     * @return the reference
     */
    static Expression ref(String name) {
        return new Ref(name);
    }

    /**
     * {@code {"Ref": "AWS::IoT::Certificate::..."}}: the value of a pseudo-parameter.
     *
     * @param parameter the pseudo-parameter
     * @return the reference
     */
    static Expression ref(PseudoParameter parameter) {
        Objects.requireNonNull(parameter, "parameter");
        return new Ref(parameter.parameterName());
    }

    /**
     * {@code {"Fn::Join": [delimiter, [values...]]}}.
     *
     * @param delimiter the separator, possibly empty
     * @param values the values to join
     * @return the join
     */
    static Expression join(String delimiter, Expression... values) {
        return new Join(delimiter, ListExpression.of(values));
    }

    /**
     * {@code {"Fn::Join": [delimiter, list]}} over any list expression, e.g. an {@code Fn::Split}.
     *
     * @param delimiter the separator, possibly empty
     * @param values the list to join
     * @return the join
     */
    static Expression join(String delimiter, ListExpression values) {
        return new Join(delimiter, values);
    }

    /**
     * {@code {"Fn::Select": [index, list]}} with a fixed index.
     *
     * @param index the zero-based index
     * @param values the list to select from
     * @return the selection
     */
    static Expression select(int index, ListExpression values) {
        if (index < 0) {
            throw new InvalidInputException("Fn::Select index", "must be 0 or more, got " + index,
                    "Use a zero-based index.");
        }
        return new Select(new Literal(Integer.toString(index)), values);
    }

    /**
     * {@code {"Fn::Select": [index, list]}} with a computed index (e.g. a {@code Ref}).
     *
     * @param index an expression that evaluates to a zero-based decimal index
     * @param values the list to select from
     * @return the selection
     */
    static Expression select(Expression index, ListExpression values) {
        return new Select(index, values);
    }

    /**
     * {@code {"Fn::FindInMap": [map, topLevelKey, secondLevelKey]}}.
     *
     * @param mapName the name of a mapping in the {@code Mappings} section
     * @param topLevelKey the first-level key
     * @param secondLevelKey the second-level key
     * @return the look-up
     */
    static Expression findInMap(String mapName, Expression topLevelKey, String secondLevelKey) {
        return new FindInMap(new Literal(mapName), topLevelKey, new Literal(secondLevelKey));
    }

    /**
     * {@code {"Fn::FindInMap": [map, topLevelKey, secondLevelKey]}} with every argument an expression.
     *
     * @param mapName the mapping name
     * @param topLevelKey the first-level key
     * @param secondLevelKey the second-level key
     * @return the look-up
     */
    static Expression findInMap(Expression mapName, Expression topLevelKey, Expression secondLevelKey) {
        return new FindInMap(mapName, topLevelKey, secondLevelKey);
    }

    /**
     * {@code {"Fn::Sub": text}}: {@code ${Name}} is replaced by the parameter {@code Name};
     * {@code ${!Name}} stands for the literal text {@code ${Name}}.
     *
     * @param text the text with variables
     * @return the substitution
     */
    static Expression sub(String text) {
        return new Sub(text, Map.of());
    }

    /**
     * {@code {"Fn::Sub": [text, {variables}]}}: variables named in the map take their value from
     * the map, others from parameters.
     *
     * @param text the text with variables
     * @param variables values for some variables, in order
     * @return the substitution
     */
    static Expression sub(String text, Map<String, Expression> variables) {
        return new Sub(text, variables);
    }

    /**
     * The names this expression refers to: {@code Ref} targets and the {@code Fn::Sub} variables
     * that are not defined in the function's own variable map. In order of first appearance.
     *
     * @return the referenced parameter names
     */
    default Set<String> references() {
        Set<String> out = new LinkedHashSet<>();
        collectReferences(this, out);
        return Collections.unmodifiableSet(out);
    }

    private static void collectReferences(Expression e, Set<String> out) {
        if (e instanceof Ref r) {
            out.add(r.name());
        } else if (e instanceof Join j) {
            collectReferences(j.values(), out);
        } else if (e instanceof Select s) {
            collectReferences(s.index(), out);
            collectReferences(s.values(), out);
        } else if (e instanceof FindInMap f) {
            collectReferences(f.mapName(), out);
            collectReferences(f.topLevelKey(), out);
            collectReferences(f.secondLevelKey(), out);
        } else if (e instanceof Sub s) {
            for (Expression v : s.variables().values()) {
                collectReferences(v, out);
            }
            for (String name : s.variableNames()) {
                if (!s.variables().containsKey(name)) {
                    out.add(name);
                }
            }
        }
    }

    private static void collectReferences(ListExpression l, Set<String> out) {
        if (l instanceof ListExpression.Items items) {
            for (Expression e : items.items()) {
                collectReferences(e, out);
            }
        } else if (l instanceof ListExpression.Split s) {
            collectReferences(s.source(), out);
        }
    }

    /**
     * A literal string.
     *
     * @param value the text
     */
    record Literal(String value) implements Expression {
        /**
         * Creates a literal.
         *
         * @param value the text
         */
        public Literal {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code {"Ref": name}}.
     *
     * @param name the parameter or pseudo-parameter name
     */
    record Ref(String name) implements Expression {
        /**
         * Creates a reference.
         *
         * @param name the parameter or pseudo-parameter name, not empty
         */
        public Ref {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new InvalidInputException("Ref", "the parameter name is empty", "Name a declared parameter.");
            }
        }
    }

    /**
     * {@code {"Fn::Join": [delimiter, list]}}.
     *
     * @param delimiter the separator, possibly empty
     * @param values the list to join
     */
    record Join(String delimiter, ListExpression values) implements Expression {
        /**
         * Creates a join.
         *
         * @param delimiter the separator
         * @param values the list
         */
        public Join {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * {@code {"Fn::Select": [index, list]}}.
     *
     * @param index evaluates to a zero-based decimal index
     * @param values the list
     */
    record Select(Expression index, ListExpression values) implements Expression {
        /**
         * Creates a selection.
         *
         * @param index the index expression
         * @param values the list
         */
        public Select {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * {@code {"Fn::FindInMap": [mapName, topLevelKey, secondLevelKey]}}.
     *
     * @param mapName the mapping name
     * @param topLevelKey the first-level key
     * @param secondLevelKey the second-level key
     */
    record FindInMap(Expression mapName, Expression topLevelKey, Expression secondLevelKey) implements Expression {
        /**
         * Creates a look-up.
         *
         * @param mapName the mapping name
         * @param topLevelKey the first-level key
         * @param secondLevelKey the second-level key
         */
        public FindInMap {
            Objects.requireNonNull(mapName, "mapName");
            Objects.requireNonNull(topLevelKey, "topLevelKey");
            Objects.requireNonNull(secondLevelKey, "secondLevelKey");
        }
    }

    /**
     * {@code {"Fn::Sub": text}} or {@code {"Fn::Sub": [text, {variables}]}}.
     *
     * @param text the text with {@code ${Name}} variables
     * @param variables values for some variables (insertion order kept)
     */
    record Sub(String text, Map<String, Expression> variables) implements Expression {
        /**
         * Creates a substitution; the text must be well formed (every <code>${</code> closed, no empty
         * variable name).
         *
         * @param text the text
         * @param variables the variable map
         */
        public Sub {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(variables, "variables");
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            parts(text);
        }

        /**
         * The variable names {@code ${Name}} used in the text, in order of appearance
         * ({@code ${!Name}} escapes are not variables).
         *
         * @return the names
         */
        public List<String> variableNames() {
            List<String> names = new ArrayList<>();
            List<String> parts = parts(text);
            for (int i = 1; i < parts.size(); i += 2) {
                names.add(parts.get(i));
            }
            return names;
        }

        /**
         * Splits the text into literal and variable parts: even indexes are literal text (escapes
         * resolved), odd indexes are variable names.
         *
         * @param text the {@code Fn::Sub} text
         * @return alternating literal text and variable names
         * @throws InvalidInputException if a <code>${</code> is not closed or names nothing
         */
        public static List<String> parts(String text) {
            List<String> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                int open = text.indexOf("${", i);
                if (open < 0) {
                    literal.append(text, i, text.length());
                    break;
                }
                literal.append(text, i, open);
                int close = text.indexOf('}', open + 2);
                if (close < 0) {
                    throw new InvalidInputException("Fn::Sub", "'${' at offset " + open + " is not closed",
                            "Close it with '}', or write '${!' for a literal '${'.");
                }
                String name = text.substring(open + 2, close);
                if (name.startsWith("!")) {
                    literal.append("${").append(name, 1, name.length()).append('}');
                } else if (name.isBlank()) {
                    throw new InvalidInputException("Fn::Sub", "empty variable '${}' at offset " + open,
                            "Name a parameter inside '${...}'.");
                } else {
                    parts.add(literal.toString());
                    literal.setLength(0);
                    parts.add(name.strip());
                }
                i = close + 1;
            }
            parts.add(literal.toString());
            return parts;
        }
    }
}
