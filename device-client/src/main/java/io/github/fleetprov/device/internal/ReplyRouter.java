package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Matches replies to the request in flight for their operation. Messages on the MQTT client's thread
 * complete a future; the caller's thread waits on it.
 */
public final class ReplyRouter {

    private final Map<String, CompletableFuture<Reply>> inFlight = new ConcurrentHashMap<>();
    private volatile String lostReason;

    /**
     * Registers a request before it is published.
     *
     * @param operation the operation
     * @return the future its reply completes
     */
    public CompletableFuture<Reply> expect(FleetOperation operation) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        inFlight.put(operation.requestTopic(), future);
        String reason = lostReason;
        if (reason != null) {
            future.completeExceptionally(new LostSignal(reason));
        }
        return future;
    }

    /**
     * Forgets the request of an operation (after its reply or its timeout).
     *
     * @param operation the operation
     * @param future the future {@link #expect} returned
     */
    public void forget(FleetOperation operation, CompletableFuture<Reply> future) {
        inFlight.remove(operation.requestTopic(), future);
    }

    /**
     * Delivers a message; messages that answer no request in flight are dropped (for example a late
     * reply to a request that already timed out).
     *
     * @param topic the message's topic
     * @param payload its payload
     */
    public void onMessage(String topic, byte[] payload) {
        boolean accepted;
        String base;
        if (topic.endsWith("/accepted")) {
            accepted = true;
            base = topic.substring(0, topic.length() - "/accepted".length());
        } else if (topic.endsWith("/rejected")) {
            accepted = false;
            base = topic.substring(0, topic.length() - "/rejected".length());
        } else {
            return;
        }
        CompletableFuture<Reply> future = inFlight.remove(base);
        if (future != null) {
            future.complete(new Reply(accepted, payload == null ? new byte[0] : payload));
        }
    }

    /**
     * Fails every request in flight, and every later one, because the connection dropped.
     *
     * @param reason what the client reported
     */
    public void connectionLost(String reason) {
        lostReason = reason;
        for (CompletableFuture<Reply> future : inFlight.values()) {
            future.completeExceptionally(new LostSignal(reason));
        }
        inFlight.clear();
    }

    /**
     * Waits for a reply.
     *
     * @param future the future {@link #expect} returned
     * @param step the step, for errors
     * @param timeout the time limit
     * @return the reply
     */
    public static Reply await(CompletableFuture<Reply> future, ProvisioningStep step, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningTimeoutException(step, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException(step + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LostSignal) {
                throw new ConnectionLostException(step, cause.getMessage());
            }
            if (cause instanceof FleetProvisioningException failure) {
                throw failure;
            }
            throw new ConnectionLostException(step, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** Marks a future failed by a lost connection. */
    static final class LostSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostSignal(String reason) {
            super(reason, null, false, false);
        }
    }
}
