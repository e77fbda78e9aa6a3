package io.github.fleetprov.testkit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void record_numbersEventsAndKeepsOnlyTheMostRecent() {
        EventLog log = EventLog.create(TestClock.system(), 2);
        log.record(Event.builder(EventType.REQUEST, "A"));
        log.record(Event.builder(EventType.REQUEST, "B"));
        log.record(Event.builder(EventType.REPLY, "C"));

        assertThat(log.all()).extracting(Event::operation).containsExactly("B", "C");
        assertThat(log.lastSequence()).isEqualTo(3);
        assertThat(log.since(2)).extracting(Event::operation).containsExactly("C");
        assertThat(log.ofType(EventType.REPLY)).hasSize(1);
    }

    @Test
    void denials_areAuthorizationEventsThatWereNotAllowed() {
        EventLog log = EventLog.create(TestClock.system());
        log.record(Event.builder(EventType.AUTHORIZATION, "iot:Publish").outcome("ALLOWED"));
        log.record(Event.builder(EventType.AUTHORIZATION, "iot:Subscribe").outcome("IMPLICIT_DENY").message("why"));

        assertThat(log.denials()).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("why"));
    }

    @Test
    void await_returnsEmptyWhenNothingMatchesInTime() {
        EventLog log = EventLog.create(TestClock.system());

        assertThat(log.await(e -> true, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void create_withZeroCapacity_isRefused() {
        assertThatThrownBy(() -> EventLog.create(TestClock.system(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    @Test
    void events_withEqualFields_areEqual() {
        TestClock clock = TestClock.system();
        Event a = Event.builder(EventType.FAULT, "X").clientId("c").detail("k", "v").build(1, clock.instant());
        Event b = Event.builder(EventType.FAULT, "X").clientId("c").detail("k", "v").build(1, a.time());

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("FAULT", "client=c");
    }
}
