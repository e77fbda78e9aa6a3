package io.github.fleetprov.testkit.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Things, thing types, thing groups, billing groups and the principals attached to things: the
 * thing part of the AWS IoT registry (CreateThing, CreateThingType, CreateThingGroup, CreateBillingGroup,
 * AttachThingPrincipal and their reads).
 *
 * <p>Part of {@link IotRegistry}; every method behaves like the AWS IoT operation of the same name and
 * refuses what AWS IoT refuses with a {@link RegistryException}.
 */
public interface ThingRegistry {

    /**
     * Creates a thing type (CreateThingType). Creating a type that exists with the same description
     * and searchable attributes returns the existing type, as AWS does.
     *
     * @param thingTypeName the name (1-128 of {@code [a-zA-Z0-9:_-]})
     * @param description the description, empty for none
     * @param searchableAttributes at most 3 searchable attribute names
     * @return the new type
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     */
    ThingType createThingType(String thingTypeName, String description, List<String> searchableAttributes);

    /**
     * Describes a thing type.
     *
     * @param thingTypeName the name
     * @return the type
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingType describeThingType(String thingTypeName);

    /**
     * Finds a thing type.
     *
     * @param thingTypeName the name
     * @return the type, if it exists
     */
    Optional<ThingType> findThingType(String thingTypeName);

    /** @return every thing type, by name */
    List<ThingType> listThingTypes();

    /**
     * Deprecates a thing type or undoes the deprecation (DeprecateThingType).
     *
     * @param thingTypeName the name
     * @param undoDeprecate {@code true} to make it usable again
     * @return the type after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingType deprecateThingType(String thingTypeName, boolean undoDeprecate);

    /**
     * Deletes a deprecated thing type (DeleteThingType).
     *
     * @param thingTypeName the name
     * @throws RegistryException {@code ResourceNotFoundException}; {@code InvalidRequestException} if not
     *     deprecated or still used by things
     */
    void deleteThingType(String thingTypeName);


    /**
     * Creates a thing without type, attributes or billing group.
     *
     * @param thingName the name
     * @return the thing
     * @throws RegistryException see {@link #createThing(String, String, Map, String)}
     */
    Thing createThing(String thingName);

    /**
     * Creates a thing (CreateThing). Creating a thing that exists with the same type, attributes and
     * billing group returns the existing thing, as AWS does.
     *
     * @param thingName the name (1-128 of {@code [a-zA-Z0-9:_-]})
     * @param thingTypeName an existing, non-deprecated thing type, or {@code null}
     * @param attributes the attributes
     * @param billingGroupName an existing billing group, or {@code null}
     * @return the thing
     * @throws RegistryException {@code ResourceAlreadyExistsException} (exists differently),
     *     {@code ResourceNotFoundException} (type or billing group), {@code InvalidRequestException}
     */
    Thing createThing(String thingName, @Nullable String thingTypeName, Map<String, String> attributes, @Nullable String billingGroupName);

    /**
     * Describes a thing.
     *
     * @param thingName the name
     * @return the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Thing describeThing(String thingName);

    /**
     * Finds a thing.
     *
     * @param thingName the name
     * @return the thing, if it exists
     */
    Optional<Thing> findThing(String thingName);

    /** @return every thing, by name */
    List<Thing> listThings();

    /**
     * Updates a thing (UpdateThing); the version increases by one.
     *
     * @param thingName the name
     * @param update the changes
     * @return the thing after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionConflictException},
     *     {@code InvalidRequestException}
     */
    Thing updateThing(String thingName, ThingUpdate update);

    /**
     * Deletes a thing (DeleteThing); deleting a thing that does not exist succeeds, as in AWS IoT.
     *
     * @param thingName the name
     * @throws RegistryException {@code InvalidRequestException} if principals are still attached
     */
    void deleteThing(String thingName);


    /**
     * Creates a static thing group (CreateThingGroup); creating an identical one returns it.
     *
     * @param thingGroupName the name
     * @param description the description, empty for none
     * @param attributes the group's attributes
     * @return the group
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     */
    ThingGroup createThingGroup(String thingGroupName, String description, Map<String, String> attributes);

    /**
     * Describes a thing group.
     *
     * @param thingGroupName the name
     * @return the group
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingGroup describeThingGroup(String thingGroupName);

    /**
     * Finds a thing group.
     *
     * @param thingGroupName the name
     * @return the group, if it exists
     */
    Optional<ThingGroup> findThingGroup(String thingGroupName);

    /** @return every thing group, by name */
    List<ThingGroup> listThingGroups();

    /**
     * Deletes a thing group; its things leave it and its policy attachments go.
     *
     * @param thingGroupName the name
     */
    void deleteThingGroup(String thingGroupName);

    /**
     * Updates a thing group's properties (UpdateThingGroup); the version increases by one.
     *
     * @param thingGroupName the name
     * @param description the new description, or {@code null} to keep it
     * @param attributes the attributes to set, or {@code null} to keep them
     * @param merge with {@code true}, the given attributes are merged in (an empty value removes
     *     one); with {@code false}, they replace all attributes
     * @param expectedVersion the version the group must have, or {@code null} for any
     * @return the group after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionConflictException},
     *     {@code InvalidRequestException}
     */
    ThingGroup updateThingGroup(String thingGroupName, @Nullable String description, @Nullable Map<String, String> attributes,
            boolean merge, @Nullable Long expectedVersion);

    /**
     * Deletes a thing group if it has the expected version (DeleteThingGroup with expectedVersion);
     * deleting one that does not exist succeeds, as in AWS IoT.
     *
     * @param thingGroupName the name
     * @param expectedVersion the version it must have, or {@code null} for any
     * @throws RegistryException {@code VersionConflictException}
     */
    void deleteThingGroup(String thingGroupName, @Nullable Long expectedVersion);

    /**
     * Adds a thing to a thing group (AddThingToThingGroup).
     *
     * @param thingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void addThingToThingGroup(String thingGroupName, String thingName);

    /**
     * Removes a thing from a thing group.
     *
     * @param thingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void removeThingFromThingGroup(String thingGroupName, String thingName);

    /**
     * The things in a group.
     *
     * @param thingGroupName the group
     * @return the thing names, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listThingsInThingGroup(String thingGroupName);

    /**
     * Creates a billing group; creating an existing one returns it.
     *
     * @param billingGroupName the name
     * @return the group
     */
    BillingGroup createBillingGroup(String billingGroupName);

    /**
     * Creates a billing group with a description (CreateBillingGroup); creating an identical one
     * returns it.
     *
     * @param billingGroupName the name
     * @param description the description, empty for none
     * @return the group
     * @throws RegistryException {@code ResourceAlreadyExistsException} (exists with another
     *     description), {@code InvalidRequestException}
     */
    BillingGroup createBillingGroup(String billingGroupName, String description);

    /**
     * Describes a billing group.
     *
     * @param billingGroupName the name
     * @return the group
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    BillingGroup describeBillingGroup(String billingGroupName);

    /**
     * Updates a billing group's description (UpdateBillingGroup); the version increases by one.
     *
     * @param billingGroupName the name
     * @param description the new description
     * @param expectedVersion the version the group must have, or {@code null} for any
     * @return the group after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionConflictException}
     */
    BillingGroup updateBillingGroup(String billingGroupName, String description, @Nullable Long expectedVersion);

    /**
     * Deletes a billing group if it has the expected version; its things leave it.
     *
     * @param billingGroupName the name
     * @param expectedVersion the version it must have, or {@code null} for any
     * @throws RegistryException {@code VersionConflictException}
     */
    void deleteBillingGroup(String billingGroupName, @Nullable Long expectedVersion);

    /**
     * Finds a billing group.
     *
     * @param billingGroupName the name
     * @return the group, if it exists
     */
    Optional<BillingGroup> findBillingGroup(String billingGroupName);

    /** @return every billing group, by name */
    List<BillingGroup> listBillingGroups();

    /**
     * Puts a thing in a billing group (a thing is in at most one).
     *
     * @param billingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void addThingToBillingGroup(String billingGroupName, String thingName);

    /**
     * Takes a thing out of a billing group.
     *
     * @param billingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void removeThingFromBillingGroup(String billingGroupName, String thingName);

    /**
     * Deletes a billing group; its things leave it.
     *
     * @param billingGroupName the name
     */
    void deleteBillingGroup(String billingGroupName);


    /**
     * Attaches a principal (certificate ARN) to a thing (AttachThingPrincipal); attaching twice is harmless.
     *
     * @param thingName the thing
     * @param principal the certificate ARN
     * @throws RegistryException {@code ResourceNotFoundException} (thing or certificate)
     */
    void attachThingPrincipal(String thingName, String principal);

    /**
     * Detaches a principal from a thing (DetachThingPrincipal).
     *
     * @param thingName the thing
     * @param principal the certificate ARN
     * @throws RegistryException {@code ResourceNotFoundException} (thing)
     */
    void detachThingPrincipal(String thingName, String principal);

    /**
     * The principals of a thing (ListThingPrincipals).
     *
     * @param thingName the thing
     * @return the certificate ARNs, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listThingPrincipals(String thingName);

    /**
     * The things of a principal (ListPrincipalThings).
     *
     * @param principal the certificate ARN
     * @return the thing names, sorted
     */
    List<String> listPrincipalThings(String principal);
}
