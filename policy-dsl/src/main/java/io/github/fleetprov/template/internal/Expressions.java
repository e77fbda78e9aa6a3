package io.github.fleetprov.template.internal;

import java.util.List;
import java.util.Map;

import io.github.fleetprov.template.CertificateResource;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ListExpression;
import io.github.fleetprov.template.PolicyResource;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateResource;
import io.github.fleetprov.template.ThingResource;

/** Walks the expressions of a template with the JSON pointer of each. */
public final class Expressions {

    /** Receives an expression and where it is. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * Visits one expression.
         *
         * @param pointer the JSON pointer of the expression in the written template
         * @param expression the expression
         */
        void visit(String pointer, Expression expression);
    }

    private Expressions() {
    }

    /**
     * Escapes one JSON pointer token.
     *
     * @param token the key
     * @return the escaped token
     */
    public static String token(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Visits every top-level expression slot of a template (not nested ones).
     *
     * @param template the template
     * @param visitor the visitor
     */
    public static void forEachSlot(ProvisioningTemplate template, Visitor visitor) {
        for (TemplateResource r : template.resources().values()) {
            forEachSlot(r, visitor);
        }
        for (Map.Entry<String, Expression> e : template.deviceConfiguration().entrySet()) {
            visitor.visit("/DeviceConfiguration/" + token(e.getKey()), e.getValue());
        }
    }

    /**
     * Visits every top-level expression slot of a resource.
     *
     * @param resource the resource
     * @param visitor the visitor
     */
    public static void forEachSlot(TemplateResource resource, Visitor visitor) {
        String at = "/Resources/" + token(resource.logicalName()) + "/Properties/";
        if (resource instanceof ThingResource t) {
            visitor.visit(at + "ThingName", t.thingName());
            for (Map.Entry<String, Expression> e : t.attributes().entrySet()) {
                visitor.visit(at + "AttributePayload/" + token(e.getKey()), e.getValue());
            }
            t.thingTypeName().ifPresent(e -> visitor.visit(at + "ThingTypeName", e));
            List<Expression> groups = t.thingGroups();
            for (int i = 0; i < groups.size(); i++) {
                visitor.visit(at + "ThingGroups/" + i, groups.get(i));
            }
            t.billingGroup().ifPresent(e -> visitor.visit(at + "BillingGroup", e));
        } else if (resource instanceof CertificateResource c) {
            c.certificateId().ifPresent(e -> visitor.visit(at + "CertificateId", e));
            c.certificateSigningRequest().ifPresent(e -> visitor.visit(at + "CertificateSigningRequest", e));
            c.certificatePem().ifPresent(e -> visitor.visit(at + "CertificatePem", e));
            c.caCertificatePem().ifPresent(e -> visitor.visit(at + "CACertificatePem", e));
            c.status().ifPresent(e -> visitor.visit(at + "Status", e));
        } else if (resource instanceof PolicyResource p) {
            p.policyName().ifPresent(e -> visitor.visit(at + "PolicyName", e));
        }
    }

    /**
     * Visits an expression and every expression nested in it, depth first.
     *
     * @param pointer the pointer of {@code expression}
     * @param expression the expression
     * @param visitor the visitor
     */
    public static void forEachNested(String pointer, Expression expression, Visitor visitor) {
        visitor.visit(pointer, expression);
        if (expression instanceof Expression.Join j) {
            forEachNested(pointer + "/Fn::Join/1", j.values(), visitor);
        } else if (expression instanceof Expression.Select s) {
            forEachNested(pointer + "/Fn::Select/0", s.index(), visitor);
            forEachNested(pointer + "/Fn::Select/1", s.values(), visitor);
        } else if (expression instanceof Expression.FindInMap f) {
            forEachNested(pointer + "/Fn::FindInMap/0", f.mapName(), visitor);
            forEachNested(pointer + "/Fn::FindInMap/1", f.topLevelKey(), visitor);
            forEachNested(pointer + "/Fn::FindInMap/2", f.secondLevelKey(), visitor);
        } else if (expression instanceof Expression.Sub s) {
            for (Map.Entry<String, Expression> e : s.variables().entrySet()) {
                forEachNested(pointer + "/Fn::Sub/1/" + token(e.getKey()), e.getValue(), visitor);
            }
        }
    }

    private static void forEachNested(String pointer, ListExpression list, Visitor visitor) {
        if (list instanceof ListExpression.Items items) {
            for (int i = 0; i < items.items().size(); i++) {
                forEachNested(pointer + "/" + i, items.items().get(i), visitor);
            }
        } else if (list instanceof ListExpression.Split s) {
            forEachNested(pointer + "/Fn::Split/1", s.source(), visitor);
        }
    }

    /**
     * The pointer of the text of an {@code Fn::Sub} at {@code pointer}.
     *
     * @param pointer the pointer of the Fn::Sub expression
     * @param sub the expression
     * @return the pointer of its text
     */
    public static String subTextPointer(String pointer, Expression.Sub sub) {
        return sub.variables().isEmpty() ? pointer + "/Fn::Sub" : pointer + "/Fn::Sub/0";
    }
}
