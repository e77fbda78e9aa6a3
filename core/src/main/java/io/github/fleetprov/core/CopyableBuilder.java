package io.github.fleetprov.core;

/**
 * The builder of a {@link ToCopyableBuilder} value: the AWS SDK for Java v2's
 * {@code software.amazon.awssdk.utils.builder.CopyableBuilder} shape.
 *
 * @param <B> the builder type
 * @param <T> the value type
 */
public interface CopyableBuilder<B extends CopyableBuilder<B, T>, T extends ToCopyableBuilder<B, T>> {

    /**
     * Checks the values and builds the value.
     *
     * @return the value
     * @throws FleetProvisioningException (a subtype naming the field) if a value is missing or invalid
     */
    T build();
}
