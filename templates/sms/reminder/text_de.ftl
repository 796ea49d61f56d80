<#-- Die Zahlungserinnerung als SMS (Deutsch). -->
${company.name}: Ihr Kundenkonto ${debtor.customerNumber} weist ${total} als überfällig aus. Bitte zahlen Sie bis ${payBy}.<#if company.phone?has_content> Fragen: ${company.phone}.</#if> Antworten Sie STOP zum Abmelden.
