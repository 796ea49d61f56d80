package org.arrears.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.arrears.bench.faults.FaultSuite;
import org.arrears.bench.faults.Tally;
import org.arrears.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite's short profile (README "Faults and recovery"): hubs as separate JVM processes against a PostgreSQL
 * server, an SMTP server and folders that the suite breaks; each scenario prints its line and fails on a loss, on
 * duplicates beyond the claims in flight, on a hub that does not recover by itself, or on a fault that health, the
 * metrics or the log do not show. {@code arrears bench faults} runs the same scenarios longer.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.MethodName.class)
class FaultSuiteTest {

    private static FaultSuite suite;

    @BeforeAll
    static void startServers() throws Exception {
        Path root = Files.createTempDirectory("arrears-faults-");
        suite = new FaultSuite(Settings.load(Path.of("config/application.properties")), FaultSuite.Profile.ci(), root,
                System.out);
    }

    @AfterAll
    static void stopServers() {
        suite.close();
    }

    private static void assertPassed(Tally t) {
        assertThat(t.passed()).as(t.explain()).isTrue();
        assertThat(t.planned()).as(t.explain()).isPositive();
    }

    @Test
    void aHubKilledMidCampaignIsReplacedAndEveryMessageGoesOutWithDuplicatesOnlyAmongClaimsInFlight() throws Exception {
        Tally t = suite.killMidCampaign();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("arrears_claims_released_total="));
    }

    @Test
    void aHubKilledWhilePostingABankFileLeavesNothingPostedAndItsSuccessorPostsTheFileOnce() throws Exception {
        assertPassed(suite.killMidPosting());
    }

    @Test
    void threeInstancesOnOneDatabaseElectOnePlannerSendEachMessageOnceAndPostEachFileAndApplyEachMailOnce() throws Exception {
        Tally t = suite.threeInstances();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).contains("1 leader planned")
                .anyMatch(o -> o.startsWith("bank file posted 1 time(s)") && o.endsWith("20 inbound events and 20 moved files for 20 replies"));
    }

    @Test
    void smtpAnswering451ForAWhileIsRetriedWithBackOffShowsDegradedAndEveryMessageIsSent() throws Exception {
        Tally t = suite.smtpTemporaryFailures();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health smtp DEGRADED") && o.contains("451 4.3.0"));
    }

    @Test
    void smtpRefusingSomeRecipientsWith550FailsThoseWithTheReplyAndSendsTheRest() throws Exception {
        Tally t = suite.smtpPermanentRefusals();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.endsWith("FAILED with the 550 reply") && !o.startsWith("0 "))
                .anyMatch(o -> o.startsWith("health smtp DEGRADED") && o.contains("550 5.1.1"));
    }

    @Test
    void aHangingSmtpServerTimesOutReleasesTheClaimAndTheCampaignFinishesWhenItAnswersAgain() throws Exception {
        Tally t = suite.smtpHanging();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health smtp DOWN"));
    }

    @Test
    void anSmtpServerRefusingConnectionsTurnsHealthDownDefersTheRestAndSendsItWhenBack() throws Exception {
        Tally t = suite.smtpRefusingConnections();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("arrears_fault_active{check=\"smtp\"}="));
    }

    @Test
    void anSmsGatewayAnswering429WithRetryAfterIsWaitedForAsToldShowsDegradedAndEveryTextGoesOutOnce() throws Exception {
        Tally t = suite.smsThrottled();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health sms DEGRADED"))
                .anyMatch(o -> o.startsWith("arrears_fault_degraded{check=\"sms\"}="));
    }

    @Test
    void anSmsGatewayAnswering500ForAWhileOpensTheCircuitAndEveryTextGoesOutOnceItRecovers() throws Exception {
        Tally t = suite.smsServerErrors();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("arrears_fault_active{check=\"sms\"}="));
    }

    @Test
    void anSmsGatewayThatStopsAnsweringTimesOutTurnsHealthDownAndDuplicatesOnlyTheTextsInDoubt() throws Exception {
        Tally t = suite.smsTimeouts();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health sms DOWN"));
    }

    @Test
    void postgresRestartedMidCampaignIsReconnectedByItselfAndNothingIsLostOrDoubled() throws Exception {
        Tally t = suite.postgresRestartMidCampaign();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health database DOWN"));
    }

    @Test
    void postgresRestartedMidFileLeavesTheFileInTheInboxAndItIsPostedOnceAfterwards() throws Exception {
        assertPassed(suite.postgresRestartMidFile());
    }

    @Test
    void anOutboxFolderThatCannotBeWrittenTurnsHealthDownAndLosesNothing() throws Exception {
        Tally t = suite.outboxNotWritable();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health smtp DOWN"));
    }

    @Test
    void aQuarantineFolderThatCannotBeWrittenTurnsHealthDownAndKeepsTheFileInTheInbox() throws Exception {
        Tally t = suite.quarantineNotWritable();
        assertPassed(t);
        assertThat(t.observed()).as(t.explain()).anyMatch(o -> o.startsWith("health payments-inbox DOWN"));
    }
}
