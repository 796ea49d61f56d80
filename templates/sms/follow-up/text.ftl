<#-- The follow-up as a text (English, the default). Checked at startup: the opt-out sentence and the segment limit. -->
${company.name}: ${debtor.name}, ${total} on account ${debtor.customerNumber} is still unpaid. Please pay by ${payBy} or call us to agree a plan.<#if company.phone?has_content> ${company.phone}.</#if> Reply STOP to opt out.
