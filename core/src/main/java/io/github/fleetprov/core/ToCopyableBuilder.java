package io.github.fleetprov.core;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * An immutable value with a builder that starts from its values: the copyable-builder contract of
 * the AWS SDK for Java v2 ({@code software.amazon.awssdk.utils.builder.ToCopyableBuilder}), which
 * every fleetprov value with a builder follows.
 *
 * <p>{@code value.toBuilder().build()} equals {@code value}; {@code value.copy(b -> b.name("x"))} is
 * the value with one thing changed.
 *
 * @param <B> the builder type
 * @param <T> the value type
 */
public interface ToCopyableBuilder<B extends CopyableBuilder<B, T>, T extends ToCopyableBuilder<B, T>> {

    /**
     * A new builder holding this value's values; changing it does not change this value.
     *
     * @return a new builder
     */
    B toBuilder();

    /**
     * This value with the changes {@code change} makes to a builder holding its values.
     *
     * @param change what to change
     * @return a new value (this one is unchanged)
     */
    default T copy(Consumer<B> change) {
        Objects.requireNonNull(change, "change");
        B builder = toBuilder();
        change.accept(builder);
        return builder.build();
    }
}
