package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds README.md and {@link ReadmeStoryTest} together: every {@code java} block under a
 * {@code <!-- snippet: name -->} comment in the README is, character for character, the de-indented
 * text between {@code // README:name-begin} and {@code // README:name-end} in the test, and every
 * marked region of the test is in the README. Edit one without the other and this fails.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("../README.md");
    private static final Path STORY = Path.of("src/test/java/io/github/fleetprov/samples/ReadmeStoryTest.java");
    private static final Pattern README_MARKER = Pattern.compile("^<!-- snippet: ([a-z0-9-]+) -->$");
    private static final Pattern SOURCE_BEGIN = Pattern.compile("^\\s*// README:([a-z0-9-]+)-begin$");

    @Test
    void everyReadmeSnippet_isTheTestedRegionOfReadmeStoryTest_andEveryRegionIsInTheReadme() throws IOException {
        Map<String, String> inReadme = readmeSnippets(Files.readAllLines(README, StandardCharsets.UTF_8));
        Map<String, String> inTest = sourceRegions(Files.readAllLines(STORY, StandardCharsets.UTF_8));

        assertThat(inTest.keySet()).as("the story's parts")
                .containsExactly("policy", "template", "setup", "provision", "connect", "credentials", "teardown");
        assertThat(inReadme.keySet()).as("the README's snippets, in the story's order")
                .containsExactlyElementsOf(inTest.keySet());
        for (Map.Entry<String, String> snippet : inReadme.entrySet()) {
            assertThat(snippet.getValue())
                    .as("README.md snippet '%s' must equal the region between // README:%s-begin and -end in %s",
                            snippet.getKey(), snippet.getKey(), STORY.getFileName())
                    .isEqualTo(inTest.get(snippet.getKey()));
        }
    }

    @Test
    void extraction_findsAMarkedBlock_andRefusesAMarkerWithoutAJavaBlock() {
        assertThat(readmeSnippets(List.of("<!-- snippet: a -->", "", "```java", "int x = 1;", "```")))
                .containsExactly(Map.entry("a", "int x = 1;\n"));
        assertThat(sourceRegions(List.of("    // README:a-begin", "        int x = 1;", "    // README:a-end")))
                .containsExactly(Map.entry("a", "int x = 1;\n"));
        assertThatThrownBy(() -> readmeSnippets(List.of("<!-- snippet: a -->", "text", "```java", "int x = 1;", "```")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("snippet 'a'");
    }

    /** The fenced java block that follows each snippet marker, by name, in order. */
    static Map<String, String> readmeSnippets(List<String> lines) {
        Map<String, String> snippets = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = README_MARKER.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            if (j >= lines.size() || !lines.get(j).strip().equals("```java")) {
                throw new AssertionError("README.md: snippet '" + name + "' is not followed by a ```java block");
            }
            StringBuilder body = new StringBuilder();
            j++;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                body.append(lines.get(j)).append('\n');
                j++;
            }
            if (j >= lines.size()) {
                throw new AssertionError("README.md: snippet '" + name + "' has no closing ```");
            }
            if (snippets.put(name, body.toString()) != null) {
                throw new AssertionError("README.md: snippet '" + name + "' appears twice");
            }
            i = j;
        }
        return snippets;
    }

    /** The de-indented text between each pair of begin and end markers, by name, in order. */
    static Map<String, String> sourceRegions(List<String> lines) {
        Map<String, String> regions = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SOURCE_BEGIN.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            String end = "// README:" + name + "-end";
            List<String> region = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals(end)) {
                region.add(lines.get(j));
                j++;
            }
            if (j >= lines.size()) {
                throw new AssertionError(STORY + ": region '" + name + "' has no " + end);
            }
            if (regions.put(name, deIndent(region)) != null) {
                throw new AssertionError(STORY + ": region '" + name + "' appears twice");
            }
            i = j;
        }
        return regions;
    }

    private static String deIndent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
