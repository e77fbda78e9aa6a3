package io.github.fleetprov.policy;

import io.github.fleetprov.policy.internal.DefaultIotStatement;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One statement of an AWS IoT policy: an effect, the actions (or {@code NotAction}), the resources
 * (or {@code NotResource}) and optional conditions.
 *
 * <p>Immutable. Create with {@link #builder()}; change a copy with {@link #copy(Consumer)}.
 */
public interface IotStatement {

    /**
     * A new statement builder.
     *
     * @return the builder
     */
    static Builder builder() {
        return DefaultIotStatement.builder();
    }

    /** @return the statement id ({@code Sid}), if any */
    Optional<String> sid();

    /** @return the effect */
    IotEffect effect();

    /** @return the actions of {@code Action}; empty if the statement uses {@code NotAction} */
    List<IotAction> actions();

    /** @return the actions of {@code NotAction}: the statement covers every other action */
    List<IotAction> notActions();

    /** @return the resources of {@code Resource}; empty if the statement uses {@code NotResource} */
    List<IotResource> resources();

    /** @return the resources of {@code NotResource}: the statement covers every other resource */
    List<IotResource> notResources();

    /** @return the conditions, grouped by operator in the order they are written; all must hold */
    List<IotCondition> conditions();

    /**
     * A builder holding this statement's values.
     *
     * @return the builder
     */
    Builder toBuilder();

    /**
     * A copy of this statement with changes.
     *
     * @param change what to change
     * @return the changed copy
     */
    default IotStatement copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** Builds an {@link IotStatement}. Not thread-safe. */
    interface Builder {

        /**
         * Sets the statement id.
         *
         * @param sid the id, or {@code null} for none
         * @return this builder
         */
        Builder sid(@Nullable String sid);

        /**
         * Sets the effect.
         *
         * @param effect allow or deny
         * @return this builder
         */
        Builder effect(IotEffect effect);

        /**
         * Same as {@code effect(IotEffect.ALLOW)}.
         *
         * @return this builder
         */
        default Builder allow() {
            return effect(IotEffect.ALLOW);
        }

        /**
         * Same as {@code effect(IotEffect.DENY)}.
         *
         * @return this builder
         */
        default Builder deny() {
            return effect(IotEffect.DENY);
        }

        /**
         * Replaces the actions.
         *
         * @param actions the actions
         * @return this builder
         */
        Builder actions(Collection<IotAction> actions);

        /**
         * Replaces the actions.
         *
         * @param actions the actions
         * @return this builder
         */
        default Builder actions(IotAction... actions) {
            return actions(List.of(actions));
        }

        /**
         * Adds an action.
         *
         * @param action the action
         * @return this builder
         */
        Builder addAction(IotAction action);

        /**
         * Adds an action by name, e.g. {@code iot:Publish}.
         *
         * @param action the action text
         * @return this builder
         */
        default Builder addAction(String action) {
            return addAction(IotAction.create(action));
        }

        /**
         * Replaces the {@code NotAction} list.
         *
         * @param notActions the actions the statement does not cover
         * @return this builder
         */
        Builder notActions(Collection<IotAction> notActions);

        /**
         * Replaces the resources.
         *
         * @param resources the resources
         * @return this builder
         */
        Builder resources(Collection<IotResource> resources);

        /**
         * Replaces the resources.
         *
         * @param resources the resources
         * @return this builder
         */
        default Builder resources(IotResource... resources) {
            return resources(List.of(resources));
        }

        /**
         * Adds a resource.
         *
         * @param resource the resource
         * @return this builder
         */
        Builder addResource(IotResource resource);

        /**
         * Adds a resource written as text: an ARN or {@code *}.
         *
         * @param resource the resource text
         * @return this builder
         */
        default Builder addResource(String resource) {
            return addResource(IotResource.create(resource));
        }

        /**
         * Replaces the {@code NotResource} list.
         *
         * @param notResources the resources the statement does not cover
         * @return this builder
         */
        Builder notResources(Collection<IotResource> notResources);

        /**
         * Replaces the conditions.
         *
         * @param conditions the conditions
         * @return this builder
         */
        Builder conditions(Collection<IotCondition> conditions);

        /**
         * Adds a condition.
         *
         * @param condition the condition
         * @return this builder
         */
        Builder addCondition(IotCondition condition);

        /**
         * Adds a condition.
         *
         * @param operator the operator
         * @param key the condition key
         * @param values the values (none is allowed)
         * @return this builder
         */
        default Builder addCondition(IotConditionOperator operator, String key, String... values) {
            return addCondition(IotCondition.create(operator, key, values));
        }

        /**
         * Builds the statement.
         *
         * @return the statement
         * @throws io.github.fleetprov.core.InvalidInputException if the effect, the actions or the
         *     resources are missing, or both {@code Action} and {@code NotAction} (or both
         *     {@code Resource} and {@code NotResource}) are given
         */
        IotStatement build();
    }
}
