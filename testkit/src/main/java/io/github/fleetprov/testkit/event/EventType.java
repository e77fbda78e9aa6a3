package io.github.fleetprov.testkit.event;

/** What kind of thing an {@link Event} records. */
public enum EventType {
    /** A registry resource was created, changed or deleted (through the Java API or the control plane). */
    REGISTRY,
    /** A client connected (or its CONNECT was refused: see {@link Event#outcome()}). */
    CONNECT,
    /** A client disconnected. */
    DISCONNECT,
    /** A policy decision on Connect, Publish, Subscribe or Receive. */
    AUTHORIZATION,
    /** A request to an emulated API (fleet provisioning over MQTT, control plane, credentials). */
    REQUEST,
    /** An accepted reply to a request. */
    REPLY,
    /** A rejected reply to a request ({@code errorCode} in the details). */
    REJECTION,
    /** A pre-provisioning hook call and its answer. */
    HOOK,
    /** An injected fault took effect. */
    FAULT,
    /** A certificate or ownership token expired. */
    EXPIRY
}
