package org.arrears.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A short reviewed YAML file (a policy, a creditor) read on its node tree, so that every problem is reported as
 * {@code file:line: message} in the caller's exception type. Aliases are refused before the tree is built (which
 * also stops an alias bomb with its line); unknown and repeated keys are errors.
 */
public final class YamlFile {

    private final Path file;
    private final Function<String, ? extends RuntimeException> errors;

    /** @param errors makes the caller's exception from a {@code file:line: message} text */
    public YamlFile(Path file, Function<String, ? extends RuntimeException> errors) {
        this.file = file;
        this.errors = errors;
    }

    public Path file() {
        return file;
    }

    /** The root node of the text; {@code kind} names the file in the alias error ("a policy"). */
    public Node root(String text, String kind) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
            ParserImpl events = new ParserImpl(settings, new StreamReader(settings, text));
            while (events.hasNext()) {
                Event e = events.next();
                if (e instanceof AliasEvent a) {
                    int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                    throw errors.apply(file + ":" + line + ": YAML aliases (*" + a.getAlias().getValue()
                            + ") are not allowed in " + kind + "; write the value out");
                }
            }
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            return composer.getSingleNode().orElseThrow(() -> errors.apply(file + ":1: the file is empty"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            throw errors.apply(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw errors.apply(file + ":1: not valid YAML: " + e.getMessage());
        }
    }

    public RuntimeException error(Node n, String message) {
        return errors.apply(file + ":" + line(n) + ": " + message);
    }

    /** A mapping's entries in order; {@code allowed} null accepts any key. */
    public Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
        return mapping(n, what, allowed, (key, value) -> { });
    }

    /** Like {@link #mapping(Node, String, Set)}, telling {@code seen} each key and its value node. */
    public Map<String, Node> mapping(Node n, String what, Set<String> allowed, BiConsumer<String, Node> seen) {
        if (!(n instanceof MappingNode m)) {
            throw error(n, what + " must be a mapping (key: value)");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = string(t.getKeyNode(), what + " key");
            if (allowed != null && !allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: " + allowed.stream().sorted().toList() + ")");
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
            seen.accept(key, t.getValueNode());
        }
        return out;
    }

    public String string(Node n, String what) {
        if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error(n, what + " must be a non-empty value");
        }
        return s.getValue().trim();
    }

    public String required(Map<String, Node> m, Node parent, String key) {
        Node n = m.get(key);
        if (n == null) {
            throw error(parent, "missing '" + key + "'");
        }
        return string(n, key);
    }

    public static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }
}
