<#-- Le rappel de paiement par SMS (français). GSM-7 n'a ni ê, ni â, ni ç : le texte s'en passe. -->
${company.name} : votre compte client ${debtor.customerNumber} présente ${total} en retard. Merci de régler avant le ${payBy}.<#if company.phone?has_content> Questions : ${company.phone}.</#if> Répondez STOP pour vous désabonner.
