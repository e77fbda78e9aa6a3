package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.DescribeBillingGroupResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** Thing groups and billing groups through the AWS SDK v2 IotClient, as the AWS IoT service model defines them. */
class ThingGroupOperationsTest {

    private ControlPlaneFixture fixture;
    private IotClient iot;

    @BeforeEach
    void start() {
        fixture = ControlPlaneFixture.start();
        iot = fixture.iot();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void thingGroup_createDescribeUpdateDelete_withVersions() {
        iot.createThingGroup(r -> r.thingGroupName("floor-1").thingGroupProperties(p -> p.thingGroupDescription("first")
                .attributePayload(AttributePayload.builder().attributes(Map.of("building", "A")).build())));

        long version = iot.updateThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(1L)
                .thingGroupProperties(p -> p.thingGroupDescription("first floor")
                        .attributePayload(AttributePayload.builder().attributes(Map.of("wing", "east")).merge(true).build())))
                .version();
        DescribeThingGroupResponse described = iot.describeThingGroup(r -> r.thingGroupName("floor-1"));

        assertThat(version).isEqualTo(2L);
        assertThat(described.version()).isEqualTo(2L);
        assertThat(described.thingGroupArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thinggroup/floor-1");
        assertThat(described.thingGroupProperties().thingGroupDescription()).isEqualTo("first floor");
        assertThat(described.thingGroupProperties().attributePayload().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("building", "A", "wing", "east"));
        assertThat(described.thingGroupMetadata().creationDate()).isNotNull();

        assertThatThrownBy(() -> iot.deleteThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(1L)))
                .isInstanceOf(VersionConflictException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(409));
        iot.deleteThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(2L));
        assertThatThrownBy(() -> iot.describeThingGroup(r -> r.thingGroupName("floor-1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateThingGroup_withStaleExpectedVersion_throwsVersionConflict() {
        iot.createThingGroup(r -> r.thingGroupName("g"));
        iot.updateThingGroup(r -> r.thingGroupName("g").thingGroupProperties(p -> p.thingGroupDescription("x")));

        assertThatThrownBy(() -> iot.updateThingGroup(r -> r.thingGroupName("g").expectedVersion(1L)
                .thingGroupProperties(p -> p.thingGroupDescription("y")))).isInstanceOf(VersionConflictException.class);
        assertThat(iot.describeThingGroup(r -> r.thingGroupName("g")).thingGroupProperties().thingGroupDescription())
                .isEqualTo("x");
    }

    @Test
    void thingGroupMembership_addRemoveAndList_bothWays() {
        iot.createThingGroup(r -> r.thingGroupName("alpha"));
        iot.createThingGroup(r -> r.thingGroupName("beta"));
        iot.createThingGroup(r -> r.thingGroupName("other"));
        for (String t : List.of("t1", "t2", "t3")) {
            iot.createThing(r -> r.thingName(t));
            iot.addThingToThingGroup(r -> r.thingGroupName("alpha").thingName(t));
        }
        String betaArn = iot.describeThingGroup(r -> r.thingGroupName("beta")).thingGroupArn();
        iot.addThingToThingGroup(r -> r.thingGroupArn(betaArn).thingName("t1"));
        iot.removeThingFromThingGroup(r -> r.thingGroupName("alpha").thingName("t2"));

        List<String> inAlpha = new ArrayList<>();
        iot.listThingsInThingGroupPaginator(r -> r.thingGroupName("alpha").maxResults(1)).things().forEach(inAlpha::add);
        assertThat(inAlpha).containsExactly("t1", "t3");
        assertThat(iot.listThingGroupsForThing(r -> r.thingName("t1")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("alpha", "beta");
        assertThat(iot.listThingGroups(r -> r.namePrefixFilter("a")).thingGroups())
                .extracting(GroupNameAndArn::groupName, GroupNameAndArn::groupArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha",
                        "arn:aws:iot:us-east-1:123456789012:thinggroup/alpha"));
        List<String> allGroups = new ArrayList<>();
        iot.listThingGroupsPaginator(r -> r.maxResults(2)).thingGroups().forEach(g -> allGroups.add(g.groupName()));
        assertThat(allGroups).containsExactly("alpha", "beta", "other");
    }

    @Test
    void thingGroupLists_whenGroupOrThingUnknown_throwResourceNotFound() {
        assertThatThrownBy(() -> iot.listThingsInThingGroup(r -> r.thingGroupName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listThingGroupsForThing(r -> r.thingName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void billingGroup_createDescribeUpdateAddRemoveListDelete() {
        iot.createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("lab devices")));
        iot.createBillingGroup(r -> r.billingGroupName("prod"));
        iot.createThing(r -> r.thingName("dev-1"));
        iot.createThing(r -> r.thingName("dev-2"));
        iot.addThingToBillingGroup(r -> r.billingGroupName("lab").thingName("dev-1"));
        iot.addThingToBillingGroup(r -> r.billingGroupName("lab").thingName("dev-2"));
        iot.removeThingFromBillingGroup(r -> r.billingGroupName("lab").thingName("dev-2"));
        long version = iot.updateBillingGroup(r -> r.billingGroupName("lab").expectedVersion(1L)
                .billingGroupProperties(p -> p.billingGroupDescription("lab fleet"))).version();

        DescribeBillingGroupResponse lab = iot.describeBillingGroup(r -> r.billingGroupName("lab"));
        assertThat(version).isEqualTo(2L);
        assertThat(lab.billingGroupProperties().billingGroupDescription()).isEqualTo("lab fleet");
        assertThat(lab.billingGroupArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:billinggroup/lab");
        assertThat(lab.billingGroupMetadata().creationDate()).isNotNull();
        assertThat(iot.listThingsInBillingGroup(r -> r.billingGroupName("lab")).things()).containsExactly("dev-1");
        assertThat(iot.describeThing(r -> r.thingName("dev-1")).billingGroupName()).isEqualTo("lab");
        assertThat(iot.listBillingGroups(r -> r.namePrefixFilter("la")).billingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("lab");
        List<String> all = new ArrayList<>();
        iot.listBillingGroupsPaginator(r -> r.maxResults(1)).billingGroups().forEach(g -> all.add(g.groupName()));
        assertThat(all).containsExactly("lab", "prod");

        iot.deleteBillingGroup(r -> r.billingGroupName("lab"));
        assertThat(iot.describeThing(r -> r.thingName("dev-1")).billingGroupName()).isNull();
        assertThatThrownBy(() -> iot.describeBillingGroup(r -> r.billingGroupName("lab")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createBillingGroup_whenExistsWithAnotherDescription_throwsResourceAlreadyExists() {
        iot.createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("a")));
        iot.createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("a")));

        assertThatThrownBy(() -> iot.createBillingGroup(r -> r.billingGroupName("lab")
                .billingGroupProperties(p -> p.billingGroupDescription("b"))))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createThing_inAnUnknownBillingGroup_throwsResourceNotFound_andInACreatedOne_succeeds() {
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("x").billingGroupName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.createBillingGroup(r -> r.billingGroupName("known"));

        iot.createThing(r -> r.thingName("x").billingGroupName("known"));

        assertThat(iot.listThingsInBillingGroup(r -> r.billingGroupName("known")).things()).containsExactly("x");
    }
}
