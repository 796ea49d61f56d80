<#-- Die Nachfrage als SMS (Deutsch). -->
${company.name}: ${total} auf Kundenkonto ${debtor.customerNumber} sind weiter offen. Bitte zahlen Sie bis ${payBy} oder rufen Sie uns an.<#if company.phone?has_content> ${company.phone}.</#if> Antworten Sie STOP zum Abmelden.
