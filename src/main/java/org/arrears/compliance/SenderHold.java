package org.arrears.compliance;

import java.time.Instant;

/**
 * A hold on a sending domain for its reputation (R31): its email waits until a person releases it.
 *
 * @param domain    the held sending domain
 * @param lookAgain when a deferred message is looked at again (the hold may have been released by then)
 */
public record SenderHold(String domain, Instant lookAgain) {
}
