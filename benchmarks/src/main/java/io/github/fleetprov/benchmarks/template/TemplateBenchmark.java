package io.github.fleetprov.benchmarks.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateEvaluator;

/**
 * Provisioning template throughput on one thread: evaluations of the device SDK seed template
 * (parameters, a mapping, Fn::Join, Fn::FindInMap, an embedded policy), and parse/write of its
 * body. Baselines: Jackson reading the same body into a tree, and a direct interpreter that walks
 * the Jackson tree on every request (what a template evaluator without precompilation does).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class TemplateBenchmark {

    /** The template body of the device SDK fleet provisioning seed. */
    static final String SEED_BODY = "{\"Parameters\": {\"DeviceLocation\": {\"Type\": \"String\"},"
            + "\"AWS::IoT::Certificate::Id\": {\"Type\": \"String\"},\"SerialNumber\": {\"Type\": \"String\"}},"
            + "\"Mappings\": {\"LocationTable\": {\"Seattle\": {\"LocationUrl\": \"https://example.aws\"}}},"
            + "\"Resources\": {\"thing\": {\"Type\": \"AWS::IoT::Thing\",\"Properties\": {\"ThingName\": {\"Fn::Join\": "
            + "[\"\",[\"ThingPrefix_\",{\"Ref\": \"SerialNumber\"}]]},\"AttributePayload\": {\"version\": \"v1\","
            + "\"serialNumber\": \"serialNumber\"}},\"OverrideSettings\": {\"AttributePayload\": \"MERGE\","
            + "\"ThingTypeName\": \"REPLACE\",\"ThingGroups\": \"DO_NOTHING\"}},\"certificate\": {\"Type\": "
            + "\"AWS::IoT::Certificate\",\"Properties\": {\"CertificateId\": {\"Ref\": \"AWS::IoT::Certificate::Id\"},"
            + "\"Status\": \"Active\"},\"OverrideSettings\": {\"Status\": \"REPLACE\"}},\"policy\": {\"Type\": "
            + "\"AWS::IoT::Policy\",\"Properties\": {\"PolicyDocument\": {\"Version\": \"2012-10-17\",\"Statement\": "
            + "[{\"Effect\": \"Allow\",\"Action\": [\"iot:Connect\",\"iot:Subscribe\",\"iot:Publish\",\"iot:Receive\"],"
            + "\"Resource\": \"*\"}]}}}},\"DeviceConfiguration\": {\"FallbackUrl\": \"https://www.example.com/test-site\","
            + "\"LocationUrl\": {\"Fn::FindInMap\": [\"LocationTable\",{\"Ref\": \"DeviceLocation\"},\"LocationUrl\"]}}}";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProvisioningTemplate template;
    private TemplateEvaluator evaluator;
    private CertificateContext certificate;
    private Map<String, String> parameters;
    private JsonNode tree;
    private int serial;

    /** Prepares the template, the evaluator and one request. */
    @Setup
    public void setUp() throws Exception {
        template = ProvisioningTemplate.fromJson(SEED_BODY);
        evaluator = TemplateEvaluator.of(template);
        certificate = CertificateContext.of("4f0ba725787aa94d67d2fca420eca022242532e8b3c58e7465c7778b443fd65e");
        parameters = Map.of("SerialNumber", "1", "DeviceLocation", "Seattle");
        tree = MAPPER.readTree(SEED_BODY);
    }

    /**
     * One RegisterThing evaluation with the compiled template.
     *
     * @return the plan
     */
    @Benchmark
    public ProvisioningPlan evaluateSeedTemplate() {
        return evaluator.evaluate(parameters, certificate);
    }

    /**
     * One evaluation through the static entry point (compiled form cached on the template), with
     * a different serial number each time.
     *
     * @return the plan
     */
    @Benchmark
    public ProvisioningPlan evaluateSeedTemplateStaticVaryingSerial() {
        return TemplateEvaluator.evaluate(template,
                Map.of("SerialNumber", Integer.toString(serial++), "DeviceLocation", "Seattle"), certificate);
    }

    /**
     * Baseline: walk the Jackson tree of the body for every request.
     *
     * @return the thing name and device configuration
     */
    @Benchmark
    public Map<String, String> baselineInterpretJacksonTree() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode thing = tree.get("Resources").get("thing").get("Properties");
        out.put("thingName", eval(thing.get("ThingName")));
        for (Map.Entry<String, JsonNode> e : thing.get("AttributePayload").properties()) {
            out.put("attr:" + e.getKey(), eval(e.getValue()));
        }
        out.put("certificateId", eval(tree.get("Resources").get("certificate").get("Properties").get("CertificateId")));
        for (Map.Entry<String, JsonNode> e : tree.get("DeviceConfiguration").properties()) {
            out.put(e.getKey(), eval(e.getValue()));
        }
        return out;
    }

    private String eval(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.has("Ref")) {
            String name = node.get("Ref").textValue();
            return name.equals("AWS::IoT::Certificate::Id") ? certificate.certificateId() : parameters.get(name);
        }
        if (node.has("Fn::Join")) {
            JsonNode args = node.get("Fn::Join");
            StringBuilder sb = new StringBuilder();
            JsonNode items = args.get(1);
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(args.get(0).textValue());
                }
                sb.append(eval(items.get(i)));
            }
            return sb.toString();
        }
        JsonNode args = node.get("Fn::FindInMap");
        return tree.get("Mappings").get(eval(args.get(0))).get(eval(args.get(1))).get(eval(args.get(2))).textValue();
    }

    /**
     * Reads and validates the body (includes the embedded policy and the compact write for the
     * size check).
     *
     * @return the template
     */
    @Benchmark
    public ProvisioningTemplate parseSeedTemplate() {
        return ProvisioningTemplate.fromJson(SEED_BODY);
    }

    /**
     * Reads the body and writes it indented.
     *
     * @return the JSON text
     */
    @Benchmark
    public String parseAndWriteSeedTemplate() {
        return ProvisioningTemplate.fromJson(SEED_BODY).toJson(true);
    }

    /**
     * Writes the body indented (the compact form is cached on the template).
     *
     * @return the JSON text
     */
    @Benchmark
    public String writeSeedTemplate() {
        return template.toJson(true);
    }

    /**
     * Baseline: Jackson reads the body into a tree, no validation.
     *
     * @return the tree
     * @throws Exception never for this body
     */
    @Benchmark
    public JsonNode baselineJacksonReadTree() throws Exception {
        return MAPPER.readTree(SEED_BODY);
    }
}
