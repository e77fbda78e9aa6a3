package io.github.fleetprov.testkit.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the emulator's {@link EventLog}: what happened, to which resource, for which client,
 * with what outcome and why. Events never carry private keys, ownership tokens or secret keys.
 */
public final class Event {

    private final long sequence;
    private final Instant time;
    private final EventType type;
    private final String operation;
    private final String clientId;
    private final String resource;
    private final String outcome;
    private final String message;
    private final Map<String, String> details;

    private Event(Builder b) {
        this.sequence = b.sequence;
        this.time = Objects.requireNonNull(b.time, "time");
        this.type = Objects.requireNonNull(b.type, "type");
        this.operation = Objects.requireNonNull(b.operation, "operation");
        this.clientId = b.clientId;
        this.resource = b.resource == null ? "" : b.resource;
        this.outcome = b.outcome == null ? "" : b.outcome;
        this.message = b.message == null ? "" : b.message;
        this.details = Map.copyOf(b.details);
    }

    /**
     * Starts an event.
     *
     * @param type the kind of event
     * @param operation the operation, e.g. {@code RegisterThing}, {@code iot:Subscribe}, {@code CreateThing}
     * @return a builder
     */
    public static Builder builder(EventType type, String operation) {
        return new Builder(Objects.requireNonNull(type, "type"), Objects.requireNonNull(operation, "operation"));
    }

    /** @return the position in the log, increasing from 1 */
    public long sequence() {
        return sequence;
    }

    /** @return when it happened, by the emulator's clock */
    public Instant time() {
        return time;
    }

    /** @return the kind of event */
    public EventType type() {
        return type;
    }

    /** @return the operation, e.g. {@code RegisterThing} or {@code iot:Subscribe} */
    public String operation() {
        return operation;
    }

    /** @return the MQTT client id involved, if a client was */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** @return the resource (an ARN, topic or name), empty if none */
    public String resource() {
        return resource;
    }

    /** @return the outcome, e.g. {@code ALLOWED}, {@code EXPLICIT_DENY}, {@code accepted}, an error code; or empty */
    public String outcome() {
        return outcome;
    }

    /** @return a human explanation (for denials, the policy evaluator's explanation), or empty */
    public String message() {
        return message;
    }

    /** @return further details (e.g. {@code certificateId}, {@code errorCode}, {@code thingName}) */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Event e)) {
            return false;
        }
        return sequence == e.sequence && time.equals(e.time) && type == e.type && operation.equals(e.operation)
                && Objects.equals(clientId, e.clientId) && resource.equals(e.resource) && outcome.equals(e.outcome)
                && message.equals(e.message) && details.equals(e.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, time, type, operation, clientId, resource, outcome);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append('#').append(sequence).append(' ').append(type).append(' ')
                .append(operation);
        if (clientId != null) {
            sb.append(" client=").append(clientId);
        }
        if (!resource.isEmpty()) {
            sb.append(" resource=").append(resource);
        }
        if (!outcome.isEmpty()) {
            sb.append(" -> ").append(outcome);
        }
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
        if (!details.isEmpty()) {
            sb.append(' ').append(new TreeMap<>(details));
        }
        return sb.toString();
    }

    /** Builds an {@link Event}; the {@link EventLog} assigns sequence and time. */
    public static final class Builder {
        private long sequence;
        private Instant time;
        private final EventType type;
        private final String operation;
        private String clientId;
        private String resource;
        private String outcome;
        private String message;
        private final Map<String, String> details = new TreeMap<>();

        private Builder(EventType type, String operation) {
            this.type = type;
            this.operation = operation;
        }

        /**
         * Sets the client id.
         *
         * @param clientId the MQTT client id, or {@code null}
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the resource.
         *
         * @param resource an ARN, topic or name
         * @return this builder
         */
        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /**
         * Sets the outcome.
         *
         * @param outcome e.g. {@code ALLOWED}, {@code accepted} or an error code
         * @return this builder
         */
        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        /**
         * Sets the explanation.
         *
         * @param message the explanation (never a secret)
         * @return this builder
         */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /**
         * Adds a detail; {@code null} values are skipped.
         *
         * @param key the key
         * @param value the value (never a secret), or {@code null}
         * @return this builder
         */
        public Builder detail(String key, @Nullable String value) {
            if (value != null) {
                details.put(Objects.requireNonNull(key, "key"), value);
            }
            return this;
        }

        Event build(long sequence, Instant time) {
            this.sequence = sequence;
            this.time = time;
            return new Event(this);
        }
    }
}
