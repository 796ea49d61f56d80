package org.arrears.compliance;

import java.time.Instant;
import java.util.Objects;

/**
 * The gate's answer. {@code notBefore} is set only for DEFER: the earliest instant at which the same
 * attempt would be allowed by the rule that deferred it. {@code detail} is a short human sentence.
 */
public record Decision(Verdict verdict, ReasonCode reason, Instant notBefore, String detail) {

    public Decision {
        Objects.requireNonNull(verdict);
        Objects.requireNonNull(reason);
        if (verdict == Verdict.DEFER && notBefore == null) {
            throw new IllegalArgumentException("DEFER needs a notBefore");
        }
    }

    public static Decision allow() {
        return new Decision(Verdict.ALLOW, ReasonCode.OK, null, "allowed");
    }

    public static Decision deny(ReasonCode reason, String detail) {
        return new Decision(Verdict.DENY, reason, null, detail);
    }

    public static Decision defer(ReasonCode reason, Instant until, String detail) {
        return new Decision(Verdict.DEFER, reason, until, detail);
    }
}
