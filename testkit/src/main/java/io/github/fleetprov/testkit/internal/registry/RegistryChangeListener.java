package io.github.fleetprov.testkit.internal.registry;

import java.util.List;

/**
 * Hears every change of registry state, synchronously, before the operation that made it is
 * acknowledged to its caller (a control-plane client, a device's RegisterThing...). The hook a
 * persistence layer journals on; see {@link RegistryTables} for the contract.
 */
@FunctionalInterface
public interface RegistryChangeListener {

    /**
     * Called once per registry operation that changed at least one row, with all its changes in
     * the order they were made, while the registry lock is held and before the operation returns.
     * When this method returns, the operation is acknowledged: a journal writes and syncs the
     * changes here. When it throws, every change of the operation is undone in memory and the
     * operation fails (the control plane answers {@code 500 InternalFailureException}).
     *
     * @param changes the rows written or removed, never empty
     * @throws RuntimeException to refuse the operation (e.g. the journal could not be written)
     */
    void committing(List<RegistryChange> changes);
}
