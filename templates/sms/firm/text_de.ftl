<#-- Die dringende Erinnerung als SMS (Deutsch). -->
${company.name}: ${total} auf Kundenkonto ${debtor.customerNumber} sind deutlich überfällig. Bitte zahlen Sie bis ${payBy}, um weitere Schritte zu vermeiden. Antworten Sie STOP zum Abmelden.
