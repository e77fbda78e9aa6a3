package io.github.fleetprov.testkit.internal.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The single seam through which all registry state changes: the tables of every resource family
 * (things, certificates, policies, templates, role aliases...), one lock over all of them, and the
 * change notification a persistence layer builds on.
 *
 * <h2>Contract for persistence</h2>
 * <ul>
 *   <li><b>Every mutation is a row change.</b> Registry state lives only in {@link RegistryTable}s;
 *   their {@code put} and {@code remove} are the only writers, and they work only inside
 *   {@link #write(Supplier)}. Derived indexes (certificate by ARN, things by principal...) are
 *   rebuilt from rows, so a journal of row changes is the whole state.</li>
 *   <li><b>Notified before acknowledged.</b> When an operation (one {@code write}) changed at least
 *   one row, the {@link RegistryChangeListener} set with {@link #listener(RegistryChangeListener)}
 *   gets all its changes in one call, synchronously, under the registry lock, before the operation
 *   returns to its caller. A journal that writes and fsyncs there loses nothing that a client saw
 *   acknowledged. Because the lock is held, calls never overlap and their order is the order of the
 *   state.</li>
 *   <li><b>All or nothing.</b> If the operation throws, or the listener throws, every row the
 *   operation changed is restored in memory; the listener is not called for an operation that
 *   failed.</li>
 *   <li><b>Rows are JSON.</b> {@link RegistryChange#json()} is the row's JSON text, in the format
 *   numbered {@link #FORMAT_VERSION}; {@code null} means the row was removed. A store that finds a
 *   newer format number than it knows must refuse the data.</li>
 *   <li><b>Loading.</b> At start, before anything else uses the registry, {@link #restore(Iterable)}
 *   replays saved changes (snapshot rows first, then the journal) without notifying the listener.
 *   {@link #snapshot()} gives every row of every table, consistent, for compaction.</li>
 * </ul>
 * Not in the tables, and so not persisted: Java pre-provisioning hook callbacks (a template row
 * keeps the hook's ARN and payload version) and the event log.
 */
public final class RegistryTables {

    /**
     * The number of the row format written by this version; bump it when a row's shape changes.
     * 2: CA certificate rows carry the registration configuration and the last modification date
     * (rows of format 1 are read with none).
     */
    public static final int FORMAT_VERSION = 2;

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("registry-rows")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .build();

    private final Object lock = new Object();
    private final Map<String, RegistryTable<?>> tables = new LinkedHashMap<>();
    private RegistryChangeListener listener;
    private List<Pending> pending;

    private record Pending(RegistryTable<Object> table, String key, Object oldValue, Object newValue) {
    }

    /** Creates an empty set of tables with no listener. */
    public RegistryTables() {
    }

    /**
     * Declares a table whose values are their own JSON rows (records Jackson reads and writes;
     * {@link Instant}s are written as ISO-8601 text).
     *
     * @param name the table name, unique among these tables
     * @param type the value type
     * @param <V> the value type
     * @return the table
     */
    public <V> RegistryTable<V> table(String name, Class<V> type) {
        return table(name, type, Function.identity(), Function.identity());
    }

    /**
     * Declares a table whose values convert to and from a JSON row record.
     *
     * @param name the table name, unique among these tables
     * @param rowType the row record type
     * @param toRow value to row
     * @param fromRow row to value
     * @param <V> the value type
     * @param <R> the row type
     * @return the table
     */
    public <V, R> RegistryTable<V> table(String name, Class<R> rowType, Function<V, R> toRow, Function<R, V> fromRow) {
        synchronized (lock) {
            if (tables.containsKey(name)) {
                throw new IllegalStateException("table " + name + " is declared twice");
            }
            RegistryTable<V> t = new RegistryTable<>(name, this, rowType, toRow, fromRow);
            tables.put(name, t);
            return t;
        }
    }

    /**
     * Sets the listener that hears every committed operation, or removes it.
     *
     * @param changeListener the listener, or {@code null} for none
     */
    public void listener(RegistryChangeListener changeListener) {
        synchronized (lock) {
            this.listener = changeListener;
        }
    }

    /**
     * The names of the tables, in declaration order.
     *
     * @return the names
     */
    public List<String> tableNames() {
        synchronized (lock) {
            return List.copyOf(tables.keySet());
        }
    }

    /**
     * Every row of every table as JSON, taken under the lock (no operation is half applied).
     *
     * @return table name to (key to row JSON), keys sorted
     */
    public Map<String, Map<String, String>> snapshot() {
        synchronized (lock) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (RegistryTable<?> t : tables.values()) {
                Map<String, String> rows = new TreeMap<>();
                t.encodeAll(rows);
                out.put(t.name(), rows);
            }
            return out;
        }
    }

    /**
     * Replays saved changes into the tables, in order, without notifying the listener. Call it
     * before the registry serves anything.
     *
     * @param changes the saved changes (snapshot rows as changes, then the journal)
     * @throws IllegalArgumentException for an unknown table or a row that cannot be read; nothing of
     *     this call is applied then
     */
    public void restore(Iterable<RegistryChange> changes) {
        Objects.requireNonNull(changes, "changes");
        synchronized (lock) {
            List<Pending> applied = new ArrayList<>();
            try {
                for (RegistryChange c : changes) {
                    @SuppressWarnings("unchecked")
                    RegistryTable<Object> t = (RegistryTable<Object>) tables.get(c.table());
                    if (t == null) {
                        throw new IllegalArgumentException("saved registry state names table '" + c.table()
                                + "', which this version does not have (tables: " + tables.keySet() + ")");
                    }
                    Object value = c.json() == null ? null : t.decode(c.json());
                    applied.add(new Pending(t, c.key(), t.get(c.key()), value));
                    t.apply(c.key(), value);
                }
            } catch (RuntimeException e) {
                undo(applied);
                throw e;
            }
        }
    }

    /**
     * Runs one registry operation: reads and writes under the lock; its row changes reach the
     * listener together when it succeeds, and are undone when it (or the listener) throws.
     *
     * @param operation the operation
     * @param <T> its result
     * @return its result
     */
    public <T> T write(Supplier<T> operation) {
        synchronized (lock) {
            if (pending != null) {
                return operation.get();
            }
            pending = new ArrayList<>();
            try {
                T result = operation.get();
                if (!pending.isEmpty() && listener != null) {
                    List<RegistryChange> changes = new ArrayList<>(pending.size());
                    for (Pending p : pending) {
                        changes.add(new RegistryChange(p.table().name(), p.key(),
                                p.newValue() == null ? null : p.table().encode(p.newValue())));
                    }
                    try {
                        listener.committing(List.copyOf(changes));
                    } catch (RuntimeException e) {
                        throw RegistryException.of("InternalFailureException", "The registry could not save the change ("
                                + e.getClass().getSimpleName() + "); nothing was changed. Retry the request.");
                    }
                }
                return result;
            } catch (RuntimeException | Error e) {
                undo(pending);
                throw e;
            } finally {
                pending = null;
            }
        }
    }

    /**
     * {@link #write(Supplier)} for an operation without a result.
     *
     * @param operation the operation
     */
    public void write(Runnable operation) {
        write(() -> {
            operation.run();
            return null;
        });
    }

    /**
     * Runs a read under the lock.
     *
     * @param read the read
     * @param <T> its result
     * @return its result
     */
    public <T> T read(Supplier<T> read) {
        synchronized (lock) {
            return read.get();
        }
    }

    @SuppressWarnings("unchecked")
    <V> void recordChange(RegistryTable<V> table, String key, V oldValue, V newValue) {
        if (!Thread.holdsLock(lock) || pending == null) {
            throw new IllegalStateException("table " + table.name() + ": registry state changed outside RegistryTables.write");
        }
        pending.add(new Pending((RegistryTable<Object>) (RegistryTable<?>) table, key, oldValue, newValue));
    }

    void requireLock() {
        if (!Thread.holdsLock(lock)) {
            throw new IllegalStateException("registry tables read outside the registry lock");
        }
    }

    private static void undo(List<Pending> changes) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            Pending p = changes.get(i);
            p.table().apply(p.key(), p.oldValue());
        }
    }

    private static final class InstantDeserializer extends StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
