package io.github.fleetprov.testkit.internal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fair scheduler of the fleet provisioning API, on an executor the test steps by hand. */
class FairSchedulerTest {

    /** An executor that runs nothing until told to, so that the order of turns is visible. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> turns = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            turns.add(command);
        }

        void runAll() {
            while (!turns.isEmpty()) {
                turns.poll().run();
            }
        }
    }

    @Test
    void submit_pastTheClientsShare_isRefused_whileOtherClientsAreStillAccepted() {
        ManualExecutor executor = new ManualExecutor();
        FairScheduler scheduler = new FairScheduler(executor, 3);
        List<Boolean> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flood.add(scheduler.submit("flooder", () -> { }));
        }
        assertThat(flood).containsExactly(true, true, true, false, false, false, false, false, false, false);
        assertThat(scheduler.submit("quiet", () -> { })).isTrue();
        assertThat(scheduler.inFlight("flooder")).isEqualTo(3);
        executor.runAll();
        assertThat(scheduler.inFlight("flooder")).isZero();
        assertThat(scheduler.submit("flooder", () -> { })).isTrue();
    }

    @Test
    void turns_goRoundRobinAcrossClients_soAQuietClientDoesNotWaitBehindAFlood() {
        ManualExecutor executor = new ManualExecutor();
        FairScheduler scheduler = new FairScheduler(executor, 100);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            scheduler.submit("flooder", () -> order.add("flooder-" + n));
        }
        scheduler.submit("quiet", () -> order.add("quiet-0"));
        scheduler.submit("quiet", () -> order.add("quiet-1"));
        executor.runAll();
        assertThat(order).containsExactly("flooder-0", "quiet-0", "flooder-1", "quiet-1", "flooder-2", "flooder-3",
                "flooder-4");
    }

    @Test
    void aTaskThatThrows_stillReleasesItsClientsShare() {
        ManualExecutor executor = new ManualExecutor();
        FairScheduler scheduler = new FairScheduler(executor, 1);
        scheduler.submit("c", () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(executor::runAll).isInstanceOf(IllegalStateException.class);
        assertThat(scheduler.inFlight("c")).isZero();
        assertThat(scheduler.submit("c", () -> { })).isTrue();
    }
}
