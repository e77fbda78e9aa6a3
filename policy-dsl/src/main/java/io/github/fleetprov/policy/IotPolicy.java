package io.github.fleetprov.policy;

import io.github.fleetprov.policy.internal.DefaultIotPolicy;
import io.github.fleetprov.policy.internal.IotPolicyReader;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An AWS IoT Core policy document.
 *
 * <p>Immutable. Build with {@link #builder()}, read with {@link #fromJson(String)}, write with
 * {@link #toJson()}. {@code build()} and {@code fromJson} refuse documents that AWS IoT would refuse or
 * that cannot work (an action on the wrong resource kind, such as {@code iot:Subscribe} on a
 * {@code topic/} ARN; an unknown policy variable; a {@code credentials-iot:} variable; more than 2048
 * characters without white space), with a message naming the statement and the fix.
 *
 * <pre>{@code
 * IotPolicy policy = IotPolicy.builder()
 *         .context(PolicyContext.of("us-east-1", "123456789012"))
 *         .addStatement(s -> s.allow().actions(IotAction.CONNECT)
 *                 .resources(IotResource.client(PolicyVariable.THING_NAME.toString()))
 *                 .addCondition(IotCondition.thingIsAttached()))
 *         .build();
 * }</pre>
 */
public interface IotPolicy {

    /** The policy language version that supports policy variables. */
    String VERSION_2012_10_17 = "2012-10-17";

    /**
     * The largest document AWS IoT accepts, counted in characters without white space (AWS IoT API
     * reference, CreatePolicy: "policyDocument must have a minimum length of 1, with a maximum length
     * of 2048, excluding whitespace").
     */
    int MAX_SIZE_WITHOUT_WHITESPACE = 2048;

    /**
     * The longest policy document text, white space included, that the readers look at: the
     * {@code policyDocument} length constraint of the AWS IoT service model (CreatePolicy,
     * CreatePolicyVersion: maximum length 404600). A longer text is refused from its length alone,
     * before any parsing; {@link #fromJson(String)} then also refuses a text of more than
     * {@value #MAX_SIZE_WITHOUT_WHITESPACE} characters without white space before parsing it.
     */
    int MAX_DOCUMENT_LENGTH = 404_600;

    /**
     * A new policy builder, with version {@value #VERSION_2012_10_17}.
     *
     * @return the builder
     */
    static Builder builder() {
        return DefaultIotPolicy.builder();
    }

    /**
     * A policy of the given statements, version {@value #VERSION_2012_10_17}.
     *
     * @param statements the statements (at least one, resources bound)
     * @return the policy
     */
    static IotPolicy create(Collection<IotStatement> statements) {
        return builder().statements(statements).build();
    }

    /**
     * Reads a policy document. Accepts every shape AWS accepts: a scalar or an array for
     * {@code Action}, {@code Resource} and condition values, a single {@code Statement} object or an
     * array of statements.
     *
     * @param json the document
     * @return the policy
     * @throws PolicyDocumentException if the document is longer than {@value #MAX_DOCUMENT_LENGTH}
     *     characters or has more than {@value #MAX_SIZE_WITHOUT_WHITESPACE} characters without white
     *     space (checked on the text, before parsing; the message names the limit and the size), is
     *     not JSON (with line and column), does not have the policy shape, or fails the checks of
     *     {@code build()} (with the JSON pointer, line and column of the offending value)
     */
    static IotPolicy fromJson(String json) {
        Objects.requireNonNull(json, "json");
        return IotPolicyReader.read(json);
    }

    /**
     * Reads a policy document as AWS IoT stores it, without the checks that {@link #fromJson(String)}
     * adds for statements that can never work (an action on the wrong resource kind, an unknown
     * policy variable) and without the {@value #MAX_SIZE_WITHOUT_WHITESPACE}-character limit (only a
     * text longer than {@value #MAX_DOCUMENT_LENGTH} characters, which AWS IoT cannot have stored, is
     * refused before parsing). Use it to evaluate existing policies exactly as
     * AWS IoT would, e.g. in an emulator: such statements simply never match, and an unknown
     * {@code ${...}} stays literal text. {@link PolicyLinter#lint(IotPolicy)} reports what was not
     * checked. Calling {@code toBuilder().build()} on the result runs the checks.
     *
     * @param json the document
     * @return the policy as written
     * @throws PolicyDocumentException if the document is longer than {@value #MAX_DOCUMENT_LENGTH}
     *     characters, not JSON or not shaped like a policy (with line and column)
     */
    static IotPolicy fromJsonUnchecked(String json) {
        Objects.requireNonNull(json, "json");
        return IotPolicyReader.readUnvalidated(json);
    }

    /** @return the policy language version, normally {@value #VERSION_2012_10_17} */
    String version();

    /** @return the policy id ({@code Id}), if any */
    Optional<String> id();

    /** @return the statements, at least one */
    List<IotStatement> statements();

    /**
     * The compact JSON document, as AWS's {@code CreatePolicy} takes it. Single values are written as
     * scalars, empty condition value lists as {@code []}.
     *
     * @return the JSON text
     */
    String toJson();

    /**
     * The JSON document, indented with two spaces if {@code pretty}.
     *
     * @param pretty whether to indent
     * @return the JSON text
     */
    String toJson(boolean pretty);

    /**
     * The document size as AWS IoT counts it against its limit: characters without white space.
     *
     * @return the size
     */
    int sizeWithoutWhitespace();

    /**
     * A builder holding this policy's values.
     *
     * @return the builder
     */
    Builder toBuilder();

    /**
     * A copy of this policy with changes.
     *
     * @param change what to change
     * @return the changed copy
     */
    default IotPolicy copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** Builds an {@link IotPolicy}. Not thread-safe. */
    interface Builder {

        /**
         * Sets the policy language version.
         *
         * @param version {@code 2012-10-17} (the default) or {@code 2008-10-17}
         * @return this builder
         */
        Builder version(String version);

        /**
         * Sets the policy id.
         *
         * @param id the id, or {@code null} for none
         * @return this builder
         */
        Builder id(@Nullable String id);

        /**
         * Sets the partition, region and account used to render unbound typed resources such as
         * {@code IotResource.topic("a/b")} as ARNs when the policy is built.
         *
         * @param context the context, or {@code null} for none
         * @return this builder
         */
        Builder context(@Nullable PolicyContext context);

        /**
         * Replaces the statements.
         *
         * @param statements the statements
         * @return this builder
         */
        Builder statements(Collection<IotStatement> statements);

        /**
         * Adds a statement.
         *
         * @param statement the statement
         * @return this builder
         */
        Builder addStatement(IotStatement statement);

        /**
         * Adds a statement configured on a fresh statement builder.
         *
         * @param statement configures the statement
         * @return this builder
         */
        Builder addStatement(Consumer<IotStatement.Builder> statement);

        /**
         * Builds and validates the policy.
         *
         * @return the policy
         * @throws io.github.fleetprov.core.InvalidInputException naming the statement and the fix, if
         *     there is no statement, a resource is unbound and no context is set, or the policy
         *     fails a check AWS IoT makes or that it would fail at run time
         */
        IotPolicy build();
    }
}
