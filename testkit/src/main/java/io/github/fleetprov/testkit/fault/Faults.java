package io.github.fleetprov.testkit.fault;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.mqtt.MqttTopicFilter;
import io.github.fleetprov.core.rate.TokenBucket;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for the emulator: make chosen requests fail, slow down, lose their reply or cost the
 * client its connection, so tests can prove that a device or an admin tool copes.
 *
 * <p>A rule targets an operation name ({@code CreateKeysAndCertificate}, {@code CreateCertificateFromCsr},
 * {@code RegisterThing}, {@link #CONNECT Connect}, or a control-plane operation such as {@code CreateThing}),
 * an MQTT topic filter
 * ({@code $aws/provisioning-templates/+/provision/#}), or {@code *} for everything. Rules are tried
 * in the order they were added; the first that matches and still has firings left applies. Every
 * firing is recorded in the event log as a {@link EventType#FAULT} event.
 *
 * <pre>{@code
 * core.faults().on("RegisterThing").failNext(2, "InternalFailure", 500);   // two failures, then success
 * core.faults().on("CreateCertificateFromCsr").throttle();                  // throttled until removed
 * core.faults().on("$aws/certificates/create/json").dropReply();            // the reply never comes
 * core.faults().rateLimit("CreateThing", 15);                               // throttled above 15 requests/s
 * }</pre>
 *
 * <p>Rate limits ({@link #rateLimit(String, double)}, {@link Target#rateLimit(double, int)}) are token
 * buckets, one per rule, on {@link System#nanoTime()} unless given another time source: they measure
 * real elapsed time, not the emulator's clock, so moving {@code LocalIotCore}'s clock does not refill
 * them. A request within the rate takes a token and goes on to the next rule; a request above it is
 * throttled like {@link Target#throttle()} (control plane: HTTP 400 {@code ThrottlingException}) and
 * takes no token. Requests that an earlier rule already answered do not reach the bucket.
 */
public final class Faults {

    /**
     * The target for MQTT CONNECT requests. Only rules on exactly this name apply to a CONNECT ({@code *}
     * does not), and only {@link Target#reject(String, int, String) reject} (CONNACK "Not authorized") and
     * {@link Target#throttle() throttle} or {@link Target#rateLimit(double, int) rateLimit} (CONNACK
     * "Connection rate exceeded", as AWS IoT refuses connections above its per-account rate; MQTT 3.1.1
     * clients get "Server unavailable") can be set on it.
     */
    public static final String CONNECT = "Connect";

    private final EventLog events;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    private Faults(EventLog events) {
        this.events = events;
    }

    /**
     * Creates an empty set of rules that records firings in a log.
     *
     * @param events the event log
     * @return the fault set
     */
    public static Faults create(EventLog events) {
        return new Faults(Objects.requireNonNull(events, "events"));
    }

    /**
     * Starts a rule for an operation name, a topic filter or {@code *}.
     *
     * @param target the operation name, MQTT topic filter, or {@code *}
     * @return a builder whose terminal methods add the rule
     */
    public Target on(String target) {
        return new Target(FaultRule.requireTarget(target));
    }

    /**
     * Throttles an API above a rate, as AWS throttles each API at its per-account transactions per
     * second: {@code on(apiName).rateLimit(requestsPerSecond, burst)} with a burst of one second's
     * requests ({@code requestsPerSecond} rounded up, at least 1), on {@link System#nanoTime()}.
     *
     * @param apiName the operation, e.g. {@code CreateThing}, or {@code *} for one budget shared by all
     * @param requestsPerSecond the sustained rate let through, above 0
     * @return the rule
     */
    public FaultRule rateLimit(String apiName, double requestsPerSecond) {
        return on(apiName).rateLimit(requestsPerSecond, defaultBurst(requestsPerSecond));
    }

    /**
     * Throttles an API above a rate with a given burst: {@code on(apiName).rateLimit(requestsPerSecond, burst)}.
     *
     * @param apiName the operation, e.g. {@code CreateThing}, or {@code *} for one budget shared by all
     * @param requestsPerSecond the sustained rate let through, above 0
     * @param burst how many requests may arrive at once after a quiet spell, at least 1
     * @return the rule
     */
    public FaultRule rateLimit(String apiName, double requestsPerSecond, int burst) {
        return on(apiName).rateLimit(requestsPerSecond, burst);
    }

    static int defaultBurst(double requestsPerSecond) {
        requireRate(requestsPerSecond);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(requestsPerSecond)));
    }

    static void requireRate(double requestsPerSecond) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new InvalidInputException("requestsPerSecond", "is " + requestsPerSecond,
                    "Give a finite rate above 0, e.g. 15 for CreateThing's published per-account TPS.");
        }
    }

    /** @return the rules in force, in the order they are tried */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    void remove(FaultRule rule) {
        rules.remove(rule);
    }

    /**
     * Finds the fault for a request and consumes one firing of it; the emulator's servers call this
     * before they process a request.
     *
     * @param operation the operation name, e.g. {@code RegisterThing}
     * @param topic the MQTT request topic, or {@code null} for non-MQTT requests
     * @param clientId the client, or {@code null}
     * @return the rule that fired, if any
     */
    public Optional<FaultRule> fire(String operation, @Nullable String topic, @Nullable String clientId) {
        Objects.requireNonNull(operation, "operation");
        for (FaultRule rule : rules) {
            if (matches(rule.target(), operation, topic) && rule.tryFire()) {
                events.record(Event.builder(EventType.FAULT, operation).clientId(clientId)
                        .resource(topic == null ? operation : topic).outcome(rule.kind().name())
                        .message(rule.toString()).detail("errorCode", rule.errorCode().isEmpty() ? null : rule.errorCode()));
                if (rule.exhausted()) {
                    rules.remove(rule);
                }
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    static boolean matches(String target, String operation, String topic) {
        if (operation.equals(CONNECT)) {
            return target.equals(CONNECT);
        }
        if (target.equals("*") || target.equals(operation)) {
            return true;
        }
        return topic != null && topicMatches(target, topic);
    }

    /**
     * Whether an MQTT topic matches an MQTT topic filter ({@code +} one level, {@code #} the rest).
     *
     * @param filter the topic filter
     * @param topic the topic
     * @return whether it matches
     * @see MqttTopicFilter#matches(String, String)
     */
    public static boolean topicMatches(String filter, String topic) {
        return MqttTopicFilter.matches(filter, topic);
    }

    private FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** The requests a rule will hit; its terminal methods say what happens to them. */
    public final class Target {
        private final String target;
        private int times = -1;

        private Target(String target) {
            this.target = target;
        }

        private void requireNotConnect(String kind) {
            if (target.equals(CONNECT)) {
                throw new InvalidInputException("target", "is " + CONNECT + ", which does not support " + kind,
                        "Use reject, throttle or rateLimit for CONNECT; to lose or delay a connection, put a proxy"
                        + " between the client and mqttPort().");
            }
        }

        /**
         * Limits the rule to a number of firings, after which it removes itself.
         *
         * @param times how many requests it hits (at least 1)
         * @return this builder
         */
        public Target times(int times) {
            if (times < 1) {
                throw new InvalidInputException("times", "is " + times, "Give at least 1.");
            }
            this.times = times;
            return this;
        }

        /**
         * Rejects the requests with an error.
         *
         * @param errorCode the error code, e.g. {@code InvalidParameters} or {@code ResourceNotFoundException}
         * @param statusCode the status code, e.g. 400
         * @param message the error message
         * @return the rule
         */
        public FaultRule reject(String errorCode, int statusCode, String message) {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
            if (statusCode < 100 || statusCode > 599) {
                throw new InvalidInputException("statusCode", "is " + statusCode, "Give an HTTP-style status, 400 to 599.");
            }
            return add(new FaultRule(Faults.this, target, FaultKind.REJECT, errorCode, statusCode, message,
                    Duration.ZERO, times));
        }

        /**
         * Rejects the requests with an error and a standard message.
         *
         * @param errorCode the error code
         * @param statusCode the status code
         * @return the rule
         */
        public FaultRule reject(String errorCode, int statusCode) {
            return reject(errorCode, statusCode, "Injected fault: " + errorCode + ".");
        }

        /**
         * Fails the next {@code n} requests with an error, then lets requests through.
         *
         * @param n how many requests fail
         * @param errorCode the error code
         * @param statusCode the status code
         * @return the rule
         */
        public FaultRule failNext(int n, String errorCode, int statusCode) {
            times(n);
            return reject(errorCode, statusCode);
        }

        /**
         * Throttles the requests: each protocol answers with its own throttling error.
         *
         * @return the rule
         */
        public FaultRule throttle() {
            return add(new FaultRule(Faults.this, target, FaultKind.THROTTLE, "Throttling", 429,
                    "Rate exceeded (injected fault).", Duration.ZERO, times));
        }

        /**
         * Throttles the requests above a rate (token bucket on {@link System#nanoTime()}): requests
         * within the rate go on to the next rule, requests above it are answered like
         * {@link #throttle()}. With {@link #times(int)}, at most that many requests are throttled.
         *
         * @param requestsPerSecond the sustained rate let through, above 0
         * @param burst how many requests may arrive at once after a quiet spell (the bucket's size), at least 1
         * @return the rule
         */
        public FaultRule rateLimit(double requestsPerSecond, int burst) {
            return rateLimit(requestsPerSecond, burst, System::nanoTime);
        }

        /**
         * Throttles the requests above a rate measured on a given time source, for tests that move
         * time themselves instead of waiting for it.
         *
         * @param requestsPerSecond the sustained rate let through, above 0
         * @param burst how many requests may arrive at once after a quiet spell (the bucket's size), at least 1
         * @param nanoTime the time source in nanoseconds, read as {@link System#nanoTime()} is (only
         *        differences count); it must not go backwards
         * @return the rule
         */
        public FaultRule rateLimit(double requestsPerSecond, int burst, LongSupplier nanoTime) {
            requireRate(requestsPerSecond);
            if (burst < 1) {
                throw new InvalidInputException("burst", "is " + burst, "Give at least 1 (1 means no burst).");
            }
            Objects.requireNonNull(nanoTime, "nanoTime");
            return add(new FaultRule(Faults.this, target, FaultKind.THROTTLE, "Throttling", 429,
                    "Rate exceeded.", Duration.ZERO, times, TokenBucket.create(requestsPerSecond, burst, nanoTime)));
        }

        /**
         * Holds the requests before processing them normally.
         *
         * @param delay how long to hold each request
         * @return the rule
         */
        public FaultRule delay(Duration delay) {
            requireNotConnect("delay");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new InvalidInputException("delay", "is negative", "Give a positive duration.");
            }
            return add(new FaultRule(Faults.this, target, FaultKind.DELAY, "", 0, "", delay, times));
        }

        /**
         * Processes the requests but never sends their replies.
         *
         * @return the rule
         */
        public FaultRule dropReply() {
            requireNotConnect("dropReply");
            return add(new FaultRule(Faults.this, target, FaultKind.DROP_REPLY, "", 0, "", Duration.ZERO, times));
        }

        /**
         * Disconnects the requesting client instead of processing its request.
         *
         * @return the rule
         */
        public FaultRule disconnect() {
            requireNotConnect("disconnect");
            return add(new FaultRule(Faults.this, target, FaultKind.DISCONNECT, "", 0, "", Duration.ZERO, times));
        }
    }
}
