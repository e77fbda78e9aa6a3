package io.github.fleetprov.testkit.internal.provisioning;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs the requests of many clients on one executor fairly: each client has a bounded share (at most
 * {@code perClientLimit} requests queued or running at once; past it {@link #submit} answers
 * {@code false} and the caller throttles the request), and the executor's threads take the clients'
 * requests in turn (round robin), so a client that floods the service delays only itself.
 */
final class FairScheduler {

    private final Executor executor;
    private final int perClientLimit;
    private final Map<String, ClientQueue> clients = new HashMap<>();
    private final ArrayDeque<ClientQueue> ready = new ArrayDeque<>();

    /** One client's pending requests; {@code inFlight} counts those queued and those running. */
    private static final class ClientQueue {
        final String clientId;
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int inFlight;

        ClientQueue(String clientId) {
            this.clientId = clientId;
        }
    }

    FairScheduler(Executor executor, int perClientLimit) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (perClientLimit < 1) {
            throw new IllegalArgumentException("perClientLimit must be at least 1");
        }
        this.perClientLimit = perClientLimit;
    }

    /**
     * Queues a request of a client.
     *
     * @param clientId the client
     * @param task the request's work
     * @return whether it was queued; {@code false} when the client already has its share in flight
     */
    boolean submit(String clientId, Runnable task) {
        synchronized (this) {
            ClientQueue q = clients.computeIfAbsent(clientId, ClientQueue::new);
            if (q.inFlight >= perClientLimit) {
                return false;
            }
            q.inFlight++;
            q.tasks.addLast(task);
            if (q.tasks.size() == 1) {
                ready.addLast(q);
            }
        }
        // One turn per queued task: each turn runs the next task in round-robin order.
        executor.execute(this::runTurn);
        return true;
    }

    /** @return how many requests of a client are queued or running */
    synchronized int inFlight(String clientId) {
        ClientQueue q = clients.get(clientId);
        return q == null ? 0 : q.inFlight;
    }

    private void runTurn() {
        ClientQueue q;
        Runnable task;
        synchronized (this) {
            q = ready.pollFirst();
            if (q == null) {
                return;
            }
            task = q.tasks.pollFirst();
            if (!q.tasks.isEmpty()) {
                ready.addLast(q);
            }
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                q.inFlight--;
                if (q.inFlight == 0) {
                    clients.remove(q.clientId);
                }
            }
        }
    }
}
