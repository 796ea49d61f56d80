package org.arrears.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.arrears.compliance.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy file format: a valid file becomes the model, and every invalid one fails with
 * "file:line: problem" where the line is the one holding the mistake.
 */
class PolicyLoaderTest {

    private static final Set<Channel> EMAIL_ONLY = EnumSet.of(Channel.EMAIL);

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ valid files

    @Test
    void validPolicyBecomesTheModel() throws IOException {
        String yaml = """
                # A complete policy using every key.
                code: sample
                version: 3
                description: Sample ladder
                priority: 20
                segment:
                  kind: b2b
                  sql: d.jurisdiction = 'DE'
                min-balance:
                  EUR: 10.00
                  USD: 12.50
                  default: 7
                min-days-between-contacts: 4
                steps:
                  - code: courtesy
                    offset: -5
                    channels: [email]
                    template: courtesy
                  - code: reminder
                    offset: 2
                    channels: [email, sms]
                    template: reminder
                  - code: final
                    offset: 30
                    channels: [email]
                    template: final-notice
                    repeat-every: 10
                  - code: escalation
                    offset: 60
                    action: task
                    task: Call the customer
                """;
        Path file = write("sample.yaml", yaml);

        DunningPolicy p = new PolicyLoader(EnumSet.of(Channel.EMAIL, Channel.SMS)).load(file);

        assertThat(p.code()).isEqualTo("sample");
        assertThat(p.version()).matches("3@[0-9a-f]{8}");
        assertThat(p.source()).isEqualTo(file);
        assertThat(p.description()).isEqualTo("Sample ladder");
        assertThat(p.priority()).isEqualTo(20);
        assertThat(p.segment()).isEqualTo(new Segment("B2B", "d.jurisdiction = 'DE'", lineOf(yaml, "sql:")));
        assertThat(p.minimumFor("EUR")).isEqualByComparingTo("10.00");
        assertThat(p.minimumFor("USD")).isEqualByComparingTo("12.50");
        assertThat(p.minimumFor("GBP")).isEqualByComparingTo("7");
        assertThat(p.defaultMinimumBalance()).isEqualByComparingTo("7");
        assertThat(p.minimumBalance()).containsOnlyKeys("EUR", "USD");
        assertThat(p.minDaysBetweenContacts()).isEqualTo(4);
        assertThat(p.courtesyHorizonDays()).isEqualTo(5);

        assertThat(p.steps()).containsExactly(
                new DunningStep(0, "courtesy", -5, List.of(Channel.EMAIL), false, "courtesy", null, false, null, null, lineOf(yaml, "code: courtesy")),
                new DunningStep(1, "reminder", 2, List.of(Channel.EMAIL, Channel.SMS), false, "reminder", null, false, null, null,
                        lineOf(yaml, "code: reminder")),
                new DunningStep(2, "final", 30, List.of(Channel.EMAIL), false, "final-notice", 10, false, null, null, lineOf(yaml, "code: final")),
                new DunningStep(3, "escalation", 60, List.of(), false, null, null, true, "Call the customer", null, lineOf(yaml, "code: escalation")));
        assertThat(p.steps().get(2).repeats()).isTrue();
        assertThat(p.steps().get(1).repeats()).isFalse();
        assertThat(p.step("reminder")).contains(p.steps().get(1));
        assertThat(p.step("nope")).isEmpty();
    }

    @Test
    void omittedKeysTakeTheirDefaults() throws IOException {
        DunningPolicy p = new PolicyLoader(EMAIL_ONLY).load(write("minimal.yaml", """
                code: minimal
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: legal
                    offset: 50
                    action: task
                """));

        assertThat(p.version()).matches("1@[0-9a-f]{8}");
        assertThat(p.description()).isEmpty();
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.segment()).isEqualTo(Segment.ALL);
        assertThat(p.minimumFor("EUR")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(p.minDaysBetweenContacts()).isZero();
        assertThat(p.catchUp()).isEqualTo(DunningPolicy.CatchUp.FIRST_STEP);
        assertThat(p.courtesyHorizonDays()).isZero();
        assertThat(p.steps().get(1).escalation()).isTrue();
        assertThat(p.steps().get(1).taskTitle()).isEqualTo("Escalate: legal");
    }

    @Test
    void versionHashChangesWithTheFileTextAndOnlyWithIt() throws IOException {
        String body = """
                code: hashed
                version: 7
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        PolicyLoader loader = new PolicyLoader(EMAIL_ONLY);
        String a = loader.load(write("a.yaml", body)).version();
        String sameText = loader.load(write("b.yaml", body)).version();
        String edited = loader.load(write("c.yaml", body.replace("offset: 1", "offset: 2"))).version();

        assertThat(a).startsWith("7@").isEqualTo(sameText);
        assertThat(edited).startsWith("7@").isNotEqualTo(a);
    }

    @Test
    void theProjectsPoliciesReachEveryDebtorOverEmailTextsAndLetters() {
        List<DunningPolicy> policies = new PolicyLoader(EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.LETTER))
                .loadFolder(Path.of("config/policies"));

        assertThat(policies).extracting(DunningPolicy::code).containsExactly("business", "standard");
        DunningPolicy business = policies.get(0);
        assertThat(business.segment().kind()).isEqualTo("B2B");
        assertThat(business.steps()).extracting(DunningStep::code)
                .containsExactly("reminder", "firm", "final-notice", "escalation");
        DunningPolicy standard = policies.get(1);
        assertThat(standard.segment()).isEqualTo(Segment.ALL);
        assertThat(standard.steps()).extracting(DunningStep::offsetDays).containsExactly(-3, 1, 7, 14, 30, 45, 75);
        DunningStep reminder = standard.step("reminder").orElseThrow();
        assertThat(reminder.channels()).containsExactly(Channel.EMAIL, Channel.SMS, Channel.LETTER);
        assertThat(reminder.allOf()).isFalse();
        assertThat(reminder.fallbacksAfter(Channel.EMAIL)).containsExactly(Channel.SMS, Channel.LETTER);
        DunningStep demand = standard.step("formal-demand").orElseThrow();
        assertThat(demand.allOf()).isTrue();
        assertThat(demand.fallbacksAfter(Channel.EMAIL)).isEmpty();
        assertThat(standard.courtesyHorizonDays()).isEqualTo(3);
    }

    @Test
    void aStepTakesChannelsOrEachButNotBoth() throws IOException {
        String yaml = """
                code: both
                version: 1
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    each: [email, letter]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "each: [email, letter]"), "takes channels (in order, each a fallback for the one before) or each");
    }

    @Test
    void maxSegmentsBelongsToAStepThatSendsTexts() throws IOException {
        String yaml = """
                code: seg
                version: 1
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                    max-segments: 2
                """;
        assertFails(yaml, lineOf(yaml, "max-segments: 2"), "max-segments applies to texts, and the step sends none");
    }

    @Test
    void folderIsOrderedByPriorityThenFileName() throws IOException {
        write("a-late.yaml", policy("late", "priority: 50"));
        write("b-early.yaml", policy("early", "priority: 5"));
        write("c-default.yaml", policy("default", ""));
        write("notes.txt", "not a policy");

        List<DunningPolicy> policies = new PolicyLoader(EMAIL_ONLY).loadFolder(dir);

        assertThat(policies).extracting(DunningPolicy::code).containsExactly("early", "late", "default");
    }

    // ------------------------------------------------------------------ one test per validation error

    @Test
    void aPolicyFileOverOneMebibyteIsRefusedBeforeItIsParsed() throws IOException {
        // found by the fuzzer: a 3 MB comment kept the YAML reader busy for seconds
        Path f = dir.resolve("huge.yaml");
        Files.writeString(f, "# " + "\u00e4".repeat(600_000) + "\ncode: huge\nsteps: []\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new PolicyLoader(EMAIL_ONLY).load(f)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("huge.yaml").hasMessageContaining("more than the 1048576 a policy file may have");
    }

    @Test
    void approvalRequiredHoldsTheRunsAndAnyOtherValueIsAnErrorOnItsLine() throws IOException {
        String steps = """
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        assertThat(new PolicyLoader(EMAIL_ONLY).load(write("held.yaml", "code: held\napproval: required\n" + steps))
                .approvalRequired()).isTrue();
        assertThat(new PolicyLoader(EMAIL_ONLY).load(write("none.yaml", "code: none\napproval: none\n" + steps))
                .approvalRequired()).isFalse();
        assertThat(new PolicyLoader(EMAIL_ONLY).load(write("default.yaml", "code: plain\n" + steps))
                .approvalRequired()).isFalse();
        String yaml = "code: p\napproval: yes please\n" + steps;
        assertFails(yaml, lineOf(yaml, "approval: yes please"), "approval must be required or none, got 'yes please'");
    }

    @Test
    void unknownKeyIsAnErrorOnItsLine() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offest: 1
                    channels: [email]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "offest: 1"), "unknown key 'offest'");
    }

    @Test
    void missingOffsetNamesTheStep() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: follow-up
                    channels: [email]
                    template: follow-up
                """;
        assertFails(yaml, lineOf(yaml, "code: follow-up"), "steps[1] needs an offset");
    }

    @Test
    void nonIntegerOffset() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: seven
                    channels: [email]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "offset: seven"), "steps[0].offset must be a whole number of days, got 'seven'");
    }

    @Test
    void offsetsMustIncrease() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 7
                    channels: [email]
                    template: reminder
                  - code: follow-up
                    offset: 3
                    channels: [email]
                    template: follow-up
                """;
        assertFails(yaml, lineOf(yaml, "offset: 3"), "steps[1].offset 3 must be greater than the previous step's 7");
    }

    @Test
    void unknownChannel() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    template: reminder
                    channels:
                      - email
                      - fax
                """;
        assertFails(yaml, lineOf(yaml, "- fax"), "unknown channel 'fax'");
    }

    @Test
    void channelNotAvailableInThisHub() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: text
                    offset: 5
                    channels: [sms]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "channels: [sms]"), "channel 'sms' is not available in this hub (available: [email])");
    }

    @Test
    void escalationMustBeTheLastStep() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: escalate
                    offset: 30
                    action: task
                  - code: final
                    offset: 40
                    channels: [email]
                    template: final-notice
                """;
        assertFails(yaml, lineOf(yaml, "code: escalate"), "an escalation (action: task) must be the last step");
    }

    @Test
    void repeatEveryOnlyOnTheFinalMessageStep() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                    repeat-every: 7
                  - code: final
                    offset: 20
                    channels: [email]
                    template: final-notice
                  - code: escalation
                    offset: 40
                    action: task
                """;
        assertFails(yaml, lineOf(yaml, "repeat-every: 7"), "only the final message step may repeat (repeat-every)");
    }

    @Test
    void repeatEveryOnTheLastMessageStepBeforeAnEscalationIsFine() throws IOException {
        DunningPolicy p = new PolicyLoader(EMAIL_ONLY).load(write("ok.yaml", """
                code: p
                steps:
                  - code: final
                    offset: 20
                    channels: [email]
                    template: final-notice
                    repeat-every: 7
                  - code: escalation
                    offset: 40
                    action: task
                """));
        assertThat(p.steps().get(0).repeatEveryDays()).isEqualTo(7);
    }

    @Test
    void duplicateStepCode() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - template: follow-up
                    code: reminder
                    offset: 7
                    channels: [email]
                """;
        assertFails(yaml, lineOf(yaml, "    code: reminder"), "steps[1].code 'reminder' is used twice");
    }

    @Test
    void badTemplateName() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: ../Reminder_1
                """;
        assertFails(yaml, lineOf(yaml, "template: ../Reminder_1"),
                "steps[0].template must be a template folder name like 'first-reminder', got '../Reminder_1'");
    }

    @Test
    void badYamlSyntax() throws IOException {
        String yaml = """
                code: p
                steps:
                  - code: reminder
                    offset: 1: 2
                    channels: [email]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "offset: 1: 2"), "not valid YAML");
    }

    @Test
    void anAliasBombIsRefusedWithTheFileAndTheLineOfTheFirstAlias() throws IOException {
        String yaml = """
                code: bomb
                description: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                x: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                y: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                z: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                w: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "x: &b"), "YAML aliases (*a) are not allowed in a policy");
    }

    @Test
    void aSingleAliasIsRefusedToo() throws IOException {
        String yaml = """
                code: p
                steps:
                  - &first
                    code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - *first
                """;
        assertFails(yaml, lineOf(yaml, "- *first"), "YAML aliases (*first) are not allowed");
    }

    @Test
    void catchUpTakesFirstStepOrAgeAndNamesTheLineOfAnythingElse() throws IOException {
        assertThat(new PolicyLoader(EMAIL_ONLY).load(write("age.yaml", policy("age", "catch-up: age"))).catchUp())
                .isEqualTo(DunningPolicy.CatchUp.AGE);
        assertThat(new PolicyLoader(EMAIL_ONLY).load(write("first.yaml", policy("first", "catch-up: first-step"))).catchUp())
                .isEqualTo(DunningPolicy.CatchUp.FIRST_STEP);
        String yaml = policy("p", "# where a late newcomer starts\ncatch-up: highest");
        assertFails(yaml, lineOf(yaml, "catch-up:"), "catch-up must be first-step or age, got 'highest'");
    }

    @Test
    void emptySteps() throws IOException {
        String yaml = """
                # nothing to do yet
                code: p
                steps: []
                """;
        assertFails(yaml, lineOf(yaml, "steps: []"), "steps must be a non-empty list");
    }

    @Test
    void minBalanceWithABadCurrencyKey() throws IOException {
        String yaml = """
                code: p
                min-balance:
                  EUR: 10
                  euro: 10
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        assertFails(yaml, lineOf(yaml, "euro: 10"), "min-balance keys are ISO currency codes (EUR) or 'default', got 'euro'");
    }

    @Test
    void duplicatePolicyCodesAcrossFilesInAFolder() throws IOException {
        write("a-first.yaml", policy("shared", ""));
        String second = """
                # Copied from a-first.yaml and forgot to rename.
                # (two comment lines, so the code is not on line 1)
                code: shared
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                """;
        Path file = write("b-second.yaml", second);

        assertThatThrownBy(() -> new PolicyLoader(EMAIL_ONLY).loadFolder(dir))
                .isInstanceOf(PolicyException.class)
                .message()
                .startsWith(file + ":" + lineOf(second, "code: shared") + ":")
                .contains("policy code 'shared' is used by another file too")
                .contains(dir.resolve("a-first.yaml").toString());
    }

    // ------------------------------------------------------------------ helpers

    private void assertFails(String yaml, int line, String problem) throws IOException {
        Path file = write("policy.yaml", yaml);
        assertThatThrownBy(() -> new PolicyLoader(EMAIL_ONLY).load(file))
                .isInstanceOf(PolicyException.class)
                .message()
                .startsWith(file + ":" + line + ":")
                .contains(problem);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String policy(String code, String extra) {
        return "code: " + code + "\n" + extra + "\nsteps:\n  - code: reminder\n    offset: 1\n    channels: [email]\n    template: reminder\n";
    }

    /** The 1-based line of the only line containing the text. */
    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                assertThat(found).as("'%s' occurs more than once", fragment).isEqualTo(-1);
                found = i + 1;
            }
        }
        assertThat(found).as("'%s' does not occur", fragment).isPositive();
        return found;
    }
}
