package io.github.fleetprov.testkit.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One table of registry state: immutable values by a string key, sorted by key (the order AWS's
 * list operations page through). Reads may happen anywhere under the registry lock; every write
 * goes through {@link #put} and {@link #remove}, which {@link RegistryTables} records and reports
 * to its {@link RegistryChangeListener}. Each value has a JSON row form (a record Jackson reads and
 * writes) through the table's codec.
 *
 * @param <V> the value type
 */
public final class RegistryTable<V> {

    /** Sees every applied change of one table, including rollbacks and restores (derived indexes). */
    interface Observer<V> {
        void changed(String key, V oldValue, V newValue);
    }

    private final String name;
    private final RegistryTables owner;
    private final Class<Object> rowType;
    private final Function<V, Object> toRow;
    private final Function<Object, V> fromRow;
    private final TreeMap<String, V> rows = new TreeMap<>();
    private final List<Observer<V>> observers = new ArrayList<>();

    @SuppressWarnings("unchecked")
    <R> RegistryTable(String name, RegistryTables owner, Class<R> rowType, Function<V, R> toRow, Function<R, V> fromRow) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.rowType = (Class<Object>) rowType;
        this.toRow = (Function<V, Object>) toRow;
        this.fromRow = (Function<Object, V>) fromRow;
    }

    /**
     * The table's name, as in {@link RegistryChange#table()}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    void observe(Observer<V> observer) {
        observers.add(observer);
    }

    /**
     * The value of a key.
     *
     * @param key the key
     * @return the value, if the row exists
     */
    public Optional<V> find(String key) {
        owner.requireLock();
        return Optional.ofNullable(rows.get(key));
    }

    V get(String key) {
        owner.requireLock();
        return rows.get(key);
    }

    boolean contains(String key) {
        owner.requireLock();
        return rows.containsKey(key);
    }

    Collection<V> values() {
        owner.requireLock();
        return Collections.unmodifiableCollection(rows.values());
    }

    NavigableMap<String, V> rows() {
        owner.requireLock();
        return Collections.unmodifiableNavigableMap(rows);
    }

    int size() {
        owner.requireLock();
        return rows.size();
    }

    /**
     * Writes a row; only inside {@link RegistryTables#write}.
     *
     * @param key the key
     * @param value the new value
     */
    void put(String key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        V old = rows.get(key);
        owner.recordChange(this, key, old, value);
        apply(key, value);
    }

    /**
     * Removes a row, if present; only inside {@link RegistryTables#write}.
     *
     * @param key the key
     */
    void remove(String key) {
        Objects.requireNonNull(key, "key");
        V old = rows.get(key);
        if (old == null) {
            return;
        }
        owner.recordChange(this, key, old, null);
        apply(key, null);
    }

    /** Changes the map and the derived indexes, without recording anything. */
    void apply(String key, V value) {
        V old = value == null ? rows.remove(key) : rows.put(key, value);
        for (Observer<V> o : observers) {
            o.changed(key, old, value);
        }
    }

    String encode(V value) {
        try {
            return RegistryTables.JSON.writeValueAsString(toRow.apply(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("table " + name + ": a row cannot be written as JSON", e);
        }
    }

    V decode(String json) {
        try {
            return fromRow.apply(RegistryTables.JSON.readValue(json, rowType));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("table " + name + ": a saved row is not valid JSON for this format ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    void encodeAll(Map<String, String> into) {
        rows.forEach((k, v) -> into.put(k, encode(v)));
    }
}
