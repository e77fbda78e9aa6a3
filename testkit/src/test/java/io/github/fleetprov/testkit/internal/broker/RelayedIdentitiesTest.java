package io.github.fleetprov.testkit.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Identities announced by the WebSocket listener are taken once, in order, per client id. */
class RelayedIdentitiesTest {

    private final RelayedIdentities relayed = new RelayedIdentities();
    private final IamPrincipal first = new IamPrincipal("ASIA1", "arn:aws:iam::123456789012:role/A", "s1");
    private final IamPrincipal second = new IamPrincipal("ASIA2", "arn:aws:iam::123456789012:role/B", "s2");

    @Test
    void take_withoutAnnouncement_findsNothing() {
        assertThat(relayed.take("gw-1")).isEmpty();
    }

    @Test
    void take_returnsEachAnnouncementOnceInOrder() {
        relayed.announce("gw-1", first);
        relayed.announce("gw-1", second);

        assertThat(relayed.take("gw-1")).contains(first);
        assertThat(relayed.take("gw-2")).isEmpty();
        assertThat(relayed.take("gw-1")).contains(second);
        assertThat(relayed.take("gw-1")).isEmpty();
    }

    @Test
    void withdraw_removesAnAnnouncementNoConnectWillTake() {
        relayed.announce("gw-1", first);
        relayed.withdraw("gw-1", first);

        assertThat(relayed.take("gw-1")).isEmpty();
    }

    @Test
    void assumedRoleArn_isTheStsArnOfTheSession() {
        assertThat(first.assumedRoleArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/A/s1");
    }
}
