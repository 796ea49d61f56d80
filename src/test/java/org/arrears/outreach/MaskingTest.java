package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void addressesInServerRepliesAreMaskedForLogs() {
        assertThat(Masking.emails("550 5.1.1 <jane.doe@acme-corp.com>: user unknown"))
                .isEqualTo("550 5.1.1 <j***@acme-corp.com>: user unknown");
        assertThat(Masking.emails("no address here")).isEqualTo("no address here");
        assertThat(Masking.emails(null)).isNull();
    }
}
