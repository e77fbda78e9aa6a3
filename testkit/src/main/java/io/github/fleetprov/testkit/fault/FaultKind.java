package io.github.fleetprov.testkit.fault;

/** What an injected fault does to a request. */
public enum FaultKind {
    /** Answer with a rejection carrying a given error code and status. */
    REJECT,
    /** Answer with the service's throttling error (MQTT: 429 {@code Throttling}; control plane: 400 {@code ThrottlingException}). */
    THROTTLE,
    /** Hold the request for a while, then process it normally. */
    DELAY,
    /** Process the request but never send the reply. */
    DROP_REPLY,
    /** Disconnect the client instead of answering (MQTT only; HTTP servers close the connection). */
    DISCONNECT
}
