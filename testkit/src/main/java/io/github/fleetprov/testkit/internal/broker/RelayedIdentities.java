package io.github.fleetprov.testkit.internal.broker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands the IAM identity of a WebSocket connection, established by its SigV4-signed upgrade, to the
 * broker's authenticator when the relayed MQTT CONNECT arrives on the broker's relay listener. The
 * WebSocket listener announces the identity under the CONNECT's client id just before it forwards the
 * CONNECT; the authenticator takes it. Several announcements for one client id are taken in order.
 * A CONNECT on the relay listener without an announcement (a process that reached the loopback port
 * directly) finds nothing and is refused.
 */
public final class RelayedIdentities {

    private final Map<String, Deque<IamPrincipal>> pending = new HashMap<>();

    /**
     * Announces the identity of a CONNECT about to be relayed.
     *
     * @param clientId the CONNECT's client id
     * @param principal the identity its upgrade was signed with
     */
    public synchronized void announce(String clientId, IamPrincipal principal) {
        pending.computeIfAbsent(clientId, k -> new ArrayDeque<>()).addLast(principal);
    }

    /**
     * Withdraws an announcement whose CONNECT never reached the broker.
     *
     * @param clientId the client id
     * @param principal the identity announced
     */
    public synchronized void withdraw(String clientId, IamPrincipal principal) {
        Deque<IamPrincipal> queue = pending.get(clientId);
        if (queue != null) {
            queue.removeFirstOccurrence(principal);
            if (queue.isEmpty()) {
                pending.remove(clientId);
            }
        }
    }

    /**
     * Takes the identity announced for a client id.
     *
     * @param clientId the CONNECT's client id
     * @return the identity, or empty if none was announced
     */
    public synchronized Optional<IamPrincipal> take(String clientId) {
        Deque<IamPrincipal> queue = pending.get(clientId);
        if (queue == null) {
            return Optional.empty();
        }
        IamPrincipal principal = queue.pollFirst();
        if (queue.isEmpty()) {
            pending.remove(clientId);
        }
        return Optional.ofNullable(principal);
    }
}
