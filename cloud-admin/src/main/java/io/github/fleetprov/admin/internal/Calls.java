package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.AwsCallException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs SDK calls and turns their failures into {@link AwsCallException}. */
public final class Calls {

    private Calls() {
    }

    /**
     * Runs a call.
     *
     * @param service the service name for the message
     * @param operation the operation name
     * @param target what the call is about (never a secret)
     * @param call the call
     * @param <T> the result type
     * @return the result
     * @throws AwsCallException if the call fails
     */
    public static <T> T call(String service, String operation, String target, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsCallException.of(service, operation, target, e);
        }
    }

    /**
     * Runs a call whose "not found" answer means absence.
     *
     * @param service the service name
     * @param operation the operation
     * @param target what the call is about
     * @param call the call
     * @param <T> the result type
     * @return the result, or empty if the service said the resource does not exist
     */
    public static <T> Optional<T> find(String service, String operation, String target, Supplier<T> call) {
        try {
            return Optional.ofNullable(call(service, operation, target, call));
        } catch (AwsCallException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a call whose "not found" answer is fine (deleting something already gone).
     *
     * @param service the service name
     * @param operation the operation
     * @param target what the call is about
     * @param call the call
     * @return {@code true} if the call succeeded, {@code false} if the resource was already gone
     */
    public static boolean ifExists(String service, String operation, String target, Runnable call) {
        return find(service, operation, target, () -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /**
     * Whether a failure carries the given error code.
     *
     * @param e the failure
     * @param code the code
     * @return {@code true} if it matches
     */
    public static boolean hasCode(AwsCallException e, String code) {
        return e.errorCode().map(code::equals).orElse(false);
    }
}
