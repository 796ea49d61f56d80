<#-- The firm reminder as a text (English, the default). -->
${company.name}: ${debtor.name}, ${total} on account ${debtor.customerNumber} is seriously overdue. Please pay by ${payBy} to avoid further steps.<#if company.phone?has_content> ${company.phone}.</#if> Reply STOP to opt out.
