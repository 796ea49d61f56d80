<#-- The reminder as a text (English, the default). Checked at startup: the opt-out sentence and the segment limit. -->
${company.name}: ${debtor.name}, your account ${debtor.customerNumber} shows ${total} overdue. Please pay by ${payBy}.<#if company.phone?has_content> Questions: ${company.phone}.</#if> Reply STOP to opt out.
