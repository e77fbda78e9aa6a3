package io.github.fleetprov.template;

import java.util.Map;
import java.util.regex.Pattern;

import io.github.fleetprov.core.InvalidInputException;

/** Checks shared by the resource builders. */
final class TemplateResources {

    private static final Pattern LOGICAL_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,255}");

    private TemplateResources() {
    }

    static void requireLogicalName(String logicalName) {
        if (!LOGICAL_NAME.matcher(logicalName).matches()) {
            throw new InvalidInputException("/Resources/" + logicalName, "the logical name '" + logicalName
                    + "' is not 1-255 characters of [A-Za-z0-9_-]", "Use a name such as \"thing\" or \"policy\".");
        }
    }

    static void checkOverrides(String at, ResourceType type, Map<OverrideProperty, OverrideAction> overrides) {
        overrides.forEach((property, action) -> {
            if (!property.resourceType().equals(type)) {
                throw new InvalidInputException(at + "/OverrideSettings/" + property.propertyName(),
                        property.propertyName() + " is not a property of " + type.value(),
                        type.equals(ResourceType.THING)
                                ? "A thing accepts OverrideSettings for AttributePayload, ThingTypeName and ThingGroups."
                                : "A certificate accepts OverrideSettings for Status only.");
            }
            if (action == OverrideAction.MERGE && !property.isMergeAllowed()) {
                throw new InvalidInputException(at + "/OverrideSettings/" + property.propertyName(),
                        "MERGE is not allowed for " + property.propertyName(),
                        "AWS allows MERGE only for a thing's AttributePayload and ThingGroups; use REPLACE, DO_NOTHING or FAIL.");
            }
        });
    }
}
