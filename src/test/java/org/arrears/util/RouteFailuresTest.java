package org.arrears.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RouteFailuresTest {

    @Test
    void aFailureIsOneLineWithEmailAddressesMasked() {
        Exception e = new IllegalStateException("recording failed:\n  duplicate key (address)=(lena.lind@example.test)",
                new SQLException("cause"));
        assertThat(RouteFailures.reason(e)).isEqualTo("recording failed: duplicate key (address)=(l***@example.test)");
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        assertThat(RouteFailures.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
