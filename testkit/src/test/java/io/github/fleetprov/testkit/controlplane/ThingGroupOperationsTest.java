package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perTest();

    @Test
    void thingGroup_createDescribeUpdateDelete_withVersions() {
        plane.iot().createThingGroup(r -> r.thingGroupName("floor-1").thingGroupProperties(p -> p.thingGroupDescription("first")
                .attributePayload(AttributePayload.builder().attributes(Map.of("building", "A")).build())));

        long version = plane.iot().updateThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(1L)
                .thingGroupProperties(p -> p.thingGroupDescription("first floor")
                        .attributePayload(AttributePayload.builder().attributes(Map.of("wing", "east")).merge(true).build())))
                .version();
        DescribeThingGroupResponse described = plane.iot().describeThingGroup(r -> r.thingGroupName("floor-1"));

        assertThat(version).isEqualTo(2L);
        assertThat(described.version()).isEqualTo(2L);
        assertThat(described.thingGroupArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thinggroup/floor-1");
        assertThat(described.thingGroupProperties().thingGroupDescription()).isEqualTo("first floor");
        assertThat(described.thingGroupProperties().attributePayload().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("building", "A", "wing", "east"));
        assertThat(described.thingGroupMetadata().creationDate()).isNotNull();

        assertThatThrownBy(() -> plane.iot().deleteThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(1L)))
                .isInstanceOf(VersionConflictException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(409));
        plane.iot().deleteThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(2L));
        assertThatThrownBy(() -> plane.iot().describeThingGroup(r -> r.thingGroupName("floor-1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateThingGroup_withStaleExpectedVersion_throwsVersionConflict() {
        plane.iot().createThingGroup(r -> r.thingGroupName("g"));
        plane.iot().updateThingGroup(r -> r.thingGroupName("g").thingGroupProperties(p -> p.thingGroupDescription("x")));

        assertThatThrownBy(() -> plane.iot().updateThingGroup(r -> r.thingGroupName("g").expectedVersion(1L)
                .thingGroupProperties(p -> p.thingGroupDescription("y")))).isInstanceOf(VersionConflictException.class);
        assertThat(plane.iot().describeThingGroup(r -> r.thingGroupName("g")).thingGroupProperties().thingGroupDescription())
                .isEqualTo("x");
    }

    @Test
    void thingGroupMembership_addRemoveAndList_bothWays() {
        plane.iot().createThingGroup(r -> r.thingGroupName("alpha"));
        plane.iot().createThingGroup(r -> r.thingGroupName("beta"));
        plane.iot().createThingGroup(r -> r.thingGroupName("other"));
        for (String t : List.of("t1", "t2", "t3")) {
            plane.iot().createThing(r -> r.thingName(t));
            plane.iot().addThingToThingGroup(r -> r.thingGroupName("alpha").thingName(t));
        }
        String betaArn = plane.iot().describeThingGroup(r -> r.thingGroupName("beta")).thingGroupArn();
        plane.iot().addThingToThingGroup(r -> r.thingGroupArn(betaArn).thingName("t1"));
        plane.iot().removeThingFromThingGroup(r -> r.thingGroupName("alpha").thingName("t2"));

        List<String> inAlpha = new ArrayList<>();
        plane.iot().listThingsInThingGroupPaginator(r -> r.thingGroupName("alpha").maxResults(1)).things().forEach(inAlpha::add);
        assertThat(inAlpha).containsExactly("t1", "t3");
        assertThat(plane.iot().listThingGroupsForThing(r -> r.thingName("t1")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("alpha", "beta");
        assertThat(plane.iot().listThingGroups(r -> r.namePrefixFilter("a")).thingGroups())
                .extracting(GroupNameAndArn::groupName, GroupNameAndArn::groupArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha",
                        "arn:aws:iot:us-east-1:123456789012:thinggroup/alpha"));
        List<String> allGroups = new ArrayList<>();
        plane.iot().listThingGroupsPaginator(r -> r.maxResults(2)).thingGroups().forEach(g -> allGroups.add(g.groupName()));
        assertThat(allGroups).containsExactly("alpha", "beta", "other");
    }

    @Test
    void thingGroupLists_whenGroupOrThingUnknown_throwResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().listThingsInThingGroup(r -> r.thingGroupName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> plane.iot().listThingGroupsForThing(r -> r.thingName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void billingGroup_createDescribeUpdateAddRemoveListDelete() {
        plane.iot().createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("lab devices")));
        plane.iot().createBillingGroup(r -> r.billingGroupName("prod"));
        plane.iot().createThing(r -> r.thingName("dev-1"));
        plane.iot().createThing(r -> r.thingName("dev-2"));
        plane.iot().addThingToBillingGroup(r -> r.billingGroupName("lab").thingName("dev-1"));
        plane.iot().addThingToBillingGroup(r -> r.billingGroupName("lab").thingName("dev-2"));
        plane.iot().removeThingFromBillingGroup(r -> r.billingGroupName("lab").thingName("dev-2"));
        long version = plane.iot().updateBillingGroup(r -> r.billingGroupName("lab").expectedVersion(1L)
                .billingGroupProperties(p -> p.billingGroupDescription("lab fleet"))).version();

        DescribeBillingGroupResponse lab = plane.iot().describeBillingGroup(r -> r.billingGroupName("lab"));
        assertThat(version).isEqualTo(2L);
        assertThat(lab.billingGroupProperties().billingGroupDescription()).isEqualTo("lab fleet");
        assertThat(lab.billingGroupArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:billinggroup/lab");
        assertThat(lab.billingGroupMetadata().creationDate()).isNotNull();
        assertThat(plane.iot().listThingsInBillingGroup(r -> r.billingGroupName("lab")).things()).containsExactly("dev-1");
        assertThat(plane.iot().describeThing(r -> r.thingName("dev-1")).billingGroupName()).isEqualTo("lab");
        assertThat(plane.iot().listBillingGroups(r -> r.namePrefixFilter("la")).billingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("lab");
        List<String> all = new ArrayList<>();
        plane.iot().listBillingGroupsPaginator(r -> r.maxResults(1)).billingGroups().forEach(g -> all.add(g.groupName()));
        assertThat(all).containsExactly("lab", "prod");

        plane.iot().deleteBillingGroup(r -> r.billingGroupName("lab"));
        assertThat(plane.iot().describeThing(r -> r.thingName("dev-1")).billingGroupName()).isNull();
        assertThatThrownBy(() -> plane.iot().describeBillingGroup(r -> r.billingGroupName("lab")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createBillingGroup_whenExistsWithAnotherDescription_throwsResourceAlreadyExists() {
        plane.iot().createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("a")));
        plane.iot().createBillingGroup(r -> r.billingGroupName("lab").billingGroupProperties(p -> p.billingGroupDescription("a")));

        assertThatThrownBy(() -> plane.iot().createBillingGroup(r -> r.billingGroupName("lab")
                .billingGroupProperties(p -> p.billingGroupDescription("b"))))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createThing_inAnUnknownBillingGroup_throwsResourceNotFound_andInACreatedOne_succeeds() {
        assertThatThrownBy(() -> plane.iot().createThing(r -> r.thingName("x").billingGroupName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        plane.iot().createBillingGroup(r -> r.billingGroupName("known"));

        plane.iot().createThing(r -> r.thingName("x").billingGroupName("known"));

        assertThat(plane.iot().listThingsInBillingGroup(r -> r.billingGroupName("known")).things()).containsExactly("x");
    }
}
