package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A suite of ten test classes that use {@link LocalIotCoreExtension} runs against one emulator: every
 * class gets the same started instance, so the broker starts once for the whole suite. The ten classes
 * are run here through the JUnit Platform launcher, as a build tool runs a suite; each records the
 * instance it was given and uses it (its registry and its MQTT port), so a class that got
 * a stopped or different emulator fails.
 */
class LocalIotCoreExtensionSuiteTest {

    private static final List<LocalIotCore> GIVEN = new CopyOnWriteArrayList<>();
    private static final Set<Class<?>> RAN = ConcurrentHashMap.newKeySet();

    @Test
    void tenTestClassesShareOneStartedEmulator() {
        GIVEN.clear();
        RAN.clear();
        List<Class<?>> classes = List.of(Class01.class, Class02.class, Class03.class, Class04.class, Class05.class,
                Class06.class, Class07.class, Class08.class, Class09.class, Class10.class);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(c -> selectClass(c)).toArray(ClassSelector[]::new))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(20);
        assertThat(RAN).containsExactlyInAnyOrderElementsOf(classes);
        // each class: two instances of it (one per test), each given the emulator in its constructor and its test
        assertThat(GIVEN).hasSize(40);
        assertThat(GIVEN.stream().distinct()).hasSize(1);
        assertThat(GIVEN.get(0)).isSameAs(LocalIotCore.shared());
    }

    /** What every suite class does: takes the emulator in its constructor and in two tests, and uses it. */
    abstract static class SuiteClass {

        SuiteClass(LocalIotCore iot) {
            GIVEN.add(iot);
        }

        @Test
        void keepsThingsInItsRegistry(LocalIotCore iot) {
            GIVEN.add(iot);
            RAN.add(getClass());
            String thing = getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "-suite-thing";
            iot.registry().createThing(thing);
            assertThat(iot.registry().findThing(thing)).isPresent();
            iot.registry().deleteThing(thing);
        }

        @Test
        void listensForMqtt(LocalIotCore iot) throws Exception {
            GIVEN.add(iot);
            try (java.net.Socket socket = new java.net.Socket(iot.mqttHost(), iot.mqttPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class01 extends SuiteClass {
        Class01(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class02 extends SuiteClass {
        Class02(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class03 extends SuiteClass {
        Class03(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class04 extends SuiteClass {
        Class04(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class05 extends SuiteClass {
        Class05(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class06 extends SuiteClass {
        Class06(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class07 extends SuiteClass {
        Class07(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class08 extends SuiteClass {
        Class08(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class09 extends SuiteClass {
        Class09(LocalIotCore iot) {
            super(iot);
        }
    }

    @ExtendWith(LocalIotCoreExtension.class)
    static class Class10 extends SuiteClass {
        Class10(LocalIotCore iot) {
            super(iot);
        }
    }
}
