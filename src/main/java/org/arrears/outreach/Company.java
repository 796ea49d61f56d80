package org.arrears.outreach;

/** The creditor as it appears in messages (arrears.company.* settings). */
public record Company(String name, String postalAddress, String email, String phone, String website, String payUrl) {
}
