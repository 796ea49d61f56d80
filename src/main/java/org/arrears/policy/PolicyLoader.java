package org.arrears.policy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.arrears.compliance.Channel;
import org.arrears.config.YamlFile;
import org.arrears.util.Sha256;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads and validates dunning policies. Works on the YAML node tree so every error can name the file and
 * line; unknown keys are errors too, because a misspelt key silently ignored is a policy not applied.
 */
public final class PolicyLoader {

    private static final Set<String> POLICY_KEYS = Set.of("code", "version", "description", "priority", "segment",
            "min-balance", "min-days-between-contacts", "catch-up", "steps", "approval");
    private static final Set<String> STEP_KEYS = Set.of("code", "offset", "channels", "each", "template", "repeat-every",
            "action", "task", "max-segments");
    private static final Set<String> SEGMENT_KEYS = Set.of("kind", "sql");

    private final Set<Channel> availableChannels;

    public PolicyLoader(Set<Channel> availableChannels) {
        this.availableChannels = Set.copyOf(availableChannels);
    }

    /** Loads every *.yaml / *.yml in the folder, ordered by priority then file name. */
    public List<DunningPolicy> loadFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new PolicyException(folder + ": policy folder not found");
        }
        List<DunningPolicy> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                out.add(load(f));
            }
        } catch (IOException e) {
            throw new PolicyException(folder + ": cannot list policies: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new PolicyException(folder + ": no policy files (*.yaml)");
        }
        Map<String, DunningPolicy> codes = new HashMap<>();
        for (DunningPolicy p : out) {
            DunningPolicy first = codes.putIfAbsent(p.code(), p);
            if (first != null) {
                throw new PolicyException(p.source() + ":" + codeLine(p.source()) + ": policy code '" + p.code()
                        + "' is used by another file too (" + first.source() + ")");
            }
        }
        out.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority())
                : a.source().getFileName().compareTo(b.source().getFileName()));
        return List.copyOf(out);
    }

    /** The line of the top-level code key, for errors found after the file was loaded (1 if not found). */
    private static int codeLine(Path file) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Node root = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode().orElse(null);
            if (root instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("code")) {
                        return line(t.getValueNode());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the file loaded a moment ago; fall back to its first line
        }
        return 1;
    }

    /** The largest policy file read: a policy is a few hundred lines; more is a mistake, not a policy. */
    static final long MAX_BYTES = 1 << 20;

    public DunningPolicy load(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new PolicyException(file + ": " + size + " bytes, more than the " + MAX_BYTES + " a policy file may have");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    DunningPolicy parse(Path file, String text) {
        // a policy is a short reviewed file that needs no anchors: an alias (*name) is refused with its line
        YamlFile yaml = new YamlFile(file, PolicyException::new);
        Node root = yaml.root(text, "a policy");
        Ctx c = new Ctx(yaml);
        Map<String, Node> top = c.mapping(root, "policy", POLICY_KEYS);
        String code = c.requiredString(top, root, "code");
        if (!code.matches("[a-z0-9][a-z0-9-]*")) {
            throw c.error(top.get("code"), "code must be lower-case letters, digits and dashes, got '" + code + "'");
        }
        String declared = top.containsKey("version") ? c.string(top.get("version"), "version") : "1";
        String description = top.containsKey("description") ? c.string(top.get("description"), "description") : "";
        int priority = top.containsKey("priority") ? c.integer(top.get("priority"), "priority") : 100;
        Segment segment = Segment.ALL;
        if (top.containsKey("segment")) {
            Map<String, Node> seg = c.mapping(top.get("segment"), "segment", SEGMENT_KEYS);
            String kind = seg.containsKey("kind") ? c.string(seg.get("kind"), "segment.kind").toUpperCase(Locale.ROOT) : null;
            if (kind != null && !kind.equals("B2B") && !kind.equals("B2C")) {
                throw c.error(seg.get("kind"), "segment.kind must be B2B or B2C, got '" + kind + "'");
            }
            String sql = seg.containsKey("sql") ? c.string(seg.get("sql"), "segment.sql") : null;
            if (sql != null && sql.contains(";")) {
                throw c.error(seg.get("sql"), "segment.sql must be one condition, without ';'");
            }
            segment = new Segment(kind, sql, line(seg.containsKey("sql") ? seg.get("sql") : top.get("segment")));
        }
        Map<String, BigDecimal> minimum = new LinkedHashMap<>();
        BigDecimal defaultMinimum = BigDecimal.ZERO;
        if (top.containsKey("min-balance")) {
            Map<String, Node> mb = c.mapping(top.get("min-balance"), "min-balance", null);
            for (Map.Entry<String, Node> e : mb.entrySet()) {
                BigDecimal amount = c.decimal(e.getValue(), "min-balance." + e.getKey());
                if (e.getKey().equals("default")) {
                    defaultMinimum = amount;
                } else if (e.getKey().matches("[A-Z]{3}")) {
                    minimum.put(e.getKey(), amount);
                } else {
                    throw c.error(e.getValue(), "min-balance keys are ISO currency codes (EUR) or 'default', got '" + e.getKey() + "'");
                }
            }
        }
        int minGap = top.containsKey("min-days-between-contacts")
                ? c.integer(top.get("min-days-between-contacts"), "min-days-between-contacts") : 0;
        if (minGap < 0) {
            throw c.error(top.get("min-days-between-contacts"), "min-days-between-contacts cannot be negative");
        }
        DunningPolicy.CatchUp catchUp = DunningPolicy.CatchUp.FIRST_STEP;
        if (top.containsKey("catch-up")) {
            String v = c.string(top.get("catch-up"), "catch-up");
            catchUp = DunningPolicy.CatchUp.of(v);
            if (catchUp == null) {
                throw c.error(top.get("catch-up"), "catch-up must be first-step or age, got '" + v + "'");
            }
        }
        Node stepsNode = top.get("steps");
        if (!(stepsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw c.error(stepsNode == null ? root : stepsNode, "steps must be a non-empty list");
        }
        List<DunningStep> steps = new ArrayList<>();
        Set<String> stepCodes = new HashSet<>();
        Map<Integer, Node> repeatNodes = new HashMap<>();
        int previousOffset = Integer.MIN_VALUE;
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node sn = seq.getValue().get(i);
            String where = "steps[" + i + "]";
            Map<String, Node> s = c.mapping(sn, where, STEP_KEYS);
            String stepCode = c.requiredString(s, sn, "code");
            if (!stepCodes.add(stepCode)) {
                throw c.error(s.get("code"), where + ".code '" + stepCode + "' is used twice");
            }
            if (!s.containsKey("offset")) {
                throw c.error(sn, where + " needs an offset (days relative to the due date)");
            }
            int offset = c.integer(s.get("offset"), where + ".offset");
            if (offset <= previousOffset) {
                throw c.error(s.get("offset"), where + ".offset " + offset + " must be greater than the previous step's " + previousOffset);
            }
            previousOffset = offset;
            boolean escalation = s.containsKey("action");
            if (escalation) {
                String action = c.string(s.get("action"), where + ".action");
                if (!action.equals("task")) {
                    throw c.error(s.get("action"), where + ".action must be 'task', got '" + action + "'");
                }
                if (i != seq.getValue().size() - 1) {
                    throw c.error(sn, where + ": an escalation (action: task) must be the last step");
                }
                if (s.containsKey("channels") || s.containsKey("each") || s.containsKey("template")
                        || s.containsKey("repeat-every") || s.containsKey("max-segments")) {
                    throw c.error(sn, where + ": an escalation step creates a task; it takes no channels, template or repeat-every");
                }
                String title = s.containsKey("task") ? c.string(s.get("task"), where + ".task") : "Escalate: " + stepCode;
                steps.add(new DunningStep(i, stepCode, offset, List.of(), false, null, null, true, title, null, line(sn)));
                continue;
            }
            if (s.containsKey("channels") && s.containsKey("each")) {
                throw c.error(s.get("each"), where + " takes channels (in order, each a fallback for the one before) "
                        + "or each (all of them), not both");
            }
            boolean allOf = s.containsKey("each");
            List<Channel> channels = channels(c, s.get(allOf ? "each" : "channels"), sn, where + (allOf ? ".each" : ".channels"));
            Integer maxSegments = null;
            if (s.containsKey("max-segments")) {
                if (!channels.contains(Channel.SMS)) {
                    throw c.error(s.get("max-segments"), where + ".max-segments applies to texts, and the step sends none");
                }
                maxSegments = c.integer(s.get("max-segments"), where + ".max-segments");
                if (maxSegments < 1 || maxSegments > 10) {
                    throw c.error(s.get("max-segments"), where + ".max-segments must be between 1 and 10, got " + maxSegments);
                }
            }
            String template = c.requiredString(s, sn, "template");
            if (!template.matches("[a-z0-9][a-z0-9-]*")) {
                throw c.error(s.get("template"), where + ".template must be a template folder name like 'first-reminder', got '" + template + "'");
            }
            Integer repeat = null;
            if (s.containsKey("repeat-every")) {
                repeatNodes.put(i, s.get("repeat-every"));
                repeat = c.integer(s.get("repeat-every"), where + ".repeat-every");
                if (repeat < 1) {
                    throw c.error(s.get("repeat-every"), where + ".repeat-every must be at least 1 day");
                }
            }
            if (s.containsKey("task")) {
                throw c.error(s.get("task"), where + ".task belongs to an escalation step (action: task)");
            }
            steps.add(new DunningStep(i, stepCode, offset, channels, allOf, template, repeat, false, null, maxSegments, line(sn)));
        }
        for (DunningStep st : steps) {
            boolean lastMessageStep = steps.stream().filter(x -> !x.escalation()).reduce((a, b) -> b).orElseThrow() == st;
            if (st.repeats() && !lastMessageStep) {
                throw c.error(repeatNodes.get(st.index()), "only the final message step may repeat (repeat-every)");
            }
        }
        return new DunningPolicy(code, declared + "@" + Sha256.shortHex(text, 8), file, description, priority, segment,
                minimum, defaultMinimum, minGap, catchUp, steps, approval(c, top));
    }

    /** {@code approval: required} (each run waits for a manager's approval in the console) or {@code none} (default). */
    private static boolean approval(Ctx c, Map<String, Node> top) {
        if (!top.containsKey("approval")) {
            return false;
        }
        String v = c.string(top.get("approval"), "approval");
        return switch (v) {
            case "required" -> true;
            case "none" -> false;
            default -> throw c.error(top.get("approval"), "approval must be required or none, got '" + v + "'");
        };
    }

    private List<Channel> channels(Ctx c, Node node, Node step, String where) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw c.error(node == null ? step : node, where + " must be a non-empty list such as [email] or [email, sms, letter]");
        }
        List<Channel> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            String name = c.string(n, where + ".channels");
            Channel ch;
            try {
                ch = Channel.of(name);
            } catch (IllegalArgumentException e) {
                throw c.error(n, where + ": unknown channel '" + name + "' (known: email, sms, letter)");
            }
            if (!availableChannels.contains(ch)) {
                throw c.error(n, where + ": channel '" + name + "' is not available in this hub (available: "
                        + availableChannels.stream().map(Channel::code).sorted().toList() + ")");
            }
            if (out.contains(ch)) {
                throw c.error(n, where + " lists '" + name + "' twice");
            }
            out.add(ch);
        }
        return out;
    }

    private static int line(Node n) {
        return YamlFile.line(n);
    }

    /** Node-reading helpers that turn every problem into "file:line: message" (YamlFile), plus the policy's numbers. */
    private record Ctx(YamlFile yaml) {

        RuntimeException error(Node n, String message) {
            return yaml.error(n, message);
        }

        Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
            return yaml.mapping(n, what, allowed);
        }

        String string(Node n, String what) {
            return yaml.string(n, what);
        }

        String requiredString(Map<String, Node> m, Node parent, String key) {
            return yaml.required(m, parent, key);
        }

        int integer(Node n, String what) {
            String v = string(n, what);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(n, what + " must be a whole number of days, got '" + v + "'");
            }
        }

        BigDecimal decimal(Node n, String what) {
            String v = string(n, what);
            try {
                BigDecimal d = new BigDecimal(v);
                if (d.signum() < 0) {
                    throw error(n, what + " cannot be negative");
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(n, what + " must be an amount like 10.00, got '" + v + "'");
            }
        }
    }
}
