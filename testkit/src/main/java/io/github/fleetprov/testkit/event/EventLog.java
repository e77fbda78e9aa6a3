package io.github.fleetprov.testkit.event;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The emulator's log of requests, replies, policy decisions, faults and registry changes, for tests to
 * assert on. Thread-safe. It keeps the most recent {@link #capacity()} events and drops older ones.
 */
public final class EventLog {

    /** The default number of events kept. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long nextSequence = 1;

    private EventLog(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * Creates a log keeping {@link #DEFAULT_CAPACITY} events.
     *
     * @param clock the clock that stamps events
     * @return the log
     */
    public static EventLog create(Clock clock) {
        return create(clock, DEFAULT_CAPACITY);
    }

    /**
     * Creates a log.
     *
     * @param clock the clock that stamps events
     * @param capacity how many recent events to keep (at least 1)
     * @return the log
     */
    public static EventLog create(Clock clock, int capacity) {
        Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1, was " + capacity);
        }
        return new EventLog(clock, capacity);
    }

    /** @return how many recent events the log keeps */
    public int capacity() {
        return capacity;
    }

    /**
     * Appends an event, stamped with the next sequence number and the clock's time.
     *
     * @param event the event to append
     * @return the appended event
     */
    public Event record(Event.Builder event) {
        Objects.requireNonNull(event, "event");
        synchronized (events) {
            Event e = event.build(nextSequence++, clock.instant());
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(e);
            events.notifyAll();
            return e;
        }
    }

    /** @return a copy of the events kept, oldest first */
    public List<Event> all() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * The events of one kind.
     *
     * @param type the kind
     * @return the events, oldest first
     */
    public List<Event> ofType(EventType type) {
        Objects.requireNonNull(type, "type");
        return matching(e -> e.type() == type);
    }

    /**
     * The events a predicate accepts.
     *
     * @param filter the predicate
     * @return the events, oldest first
     */
    public List<Event> matching(Predicate<Event> filter) {
        Objects.requireNonNull(filter, "filter");
        synchronized (events) {
            return events.stream().filter(filter).collect(Collectors.toUnmodifiableList());
        }
    }

    /**
     * The events after a sequence number (use {@link #lastSequence()} to mark a point in a test).
     *
     * @param sequence the last sequence number not wanted
     * @return the later events, oldest first
     */
    public List<Event> since(long sequence) {
        return matching(e -> e.sequence() > sequence);
    }

    /** @return the sequence number of the last event, 0 if none was recorded */
    public long lastSequence() {
        synchronized (events) {
            return nextSequence - 1;
        }
    }

    /**
     * The denied authorization decisions (Connect, Publish, Subscribe, Receive), each carrying the
     * evaluator's explanation in {@link Event#message()}.
     *
     * @return the denials, oldest first
     */
    public List<Event> denials() {
        return matching(e -> e.type() == EventType.AUTHORIZATION && !"ALLOWED".equals(e.outcome()));
    }

    /**
     * Waits until an event matching the predicate is in the log.
     *
     * @param filter the predicate
     * @param timeout how long to wait at most
     * @return the first matching event, or empty if none came in time
     */
    public Optional<Event> await(Predicate<Event> filter, Duration timeout) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (filter.test(e)) {
                        return Optional.of(e);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /** Forgets every event (sequence numbers keep increasing). */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    @Override
    public String toString() {
        List<Event> copy;
        synchronized (events) {
            copy = new ArrayList<>(events);
        }
        return copy.stream().map(Event::toString).collect(Collectors.joining("\n", "EventLog[\n", "\n]"));
    }
}
